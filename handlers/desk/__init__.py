"""The secretary's desk: the three lists (需求清单 `/open`, 资源清单 `/volunteers`, 民情清单 `/concerns`),
one concern's entry (`/concern N …` and its buttons) and the meeting's agenda (`/agenda`).

Only a secretary of a community sees its lists; an answer that names people goes to the
secretary privately, with a brief note where it was asked.

Also binding chats (`/setup`), secretaries (`/secretary`), published results, and the two rules
every secretary command shares: who is a secretary of what (roles.py), and answering privately
what names people (show.py)."""
