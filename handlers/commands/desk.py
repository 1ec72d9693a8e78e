"""The secretary's desk buttons: paging a list in place, and a concern entry's status and owner."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.commands.people import ByPerson
from handlers.domain.desk import EntryPress, PagePress


@dataclass(frozen=True, slots=True)
class TurnPage(ByPerson):
    """◀ ▶ under a list: show another page in the same message (`chat_id`: where it is)."""

    chat_id: int
    press: PagePress


@dataclass(frozen=True, slots=True)
class MarkConcern(ByPerson):
    """A concern entry's button: tabled / in hand / fixed / declined, or "me" as its owner."""

    chat_id: int
    press: EntryPress
