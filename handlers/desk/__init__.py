"""The secretary's desk: binding chats (`/setup`), secretaries (`/secretary`), published results,
and the rule every secretary command shares (roles.py): who may, about which communities, and
answering privately what names people."""
