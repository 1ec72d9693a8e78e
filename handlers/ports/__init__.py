"""The interfaces the core needs from the outside world: storage, the clock, the texts and the reader.

Storage implements the repositories and the unit of work (SQLAlchemy); tests use the in-memory
fakes in tests/fakes.py; bot/render.py implements the Renderer.
"""

from handlers.ports.feedback import CorrectionLog, SuggestionStore
from handlers.ports.grid import ChatKind, GridBuilding, GridStore, KnownChat
from handlers.ports.outside import Clock, Reader, Renderer
from handlers.ports.privacy import PersonalData
from handlers.ports.records import (
    CallLog,
    EventLog,
    Lists,
    Outbox,
    PeopleRepository,
    ProcessedUpdates,
    VolunteerRepository,
)
from handlers.ports.requests import ClaimResult, RequestRepository
from handlers.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

__all__ = [
    "CallLog",
    "ChatKind",
    "ClaimResult",
    "Clock",
    "CorrectionLog",
    "EventLog",
    "GridBuilding",
    "GridStore",
    "KnownChat",
    "Lists",
    "Outbox",
    "PeopleRepository",
    "PersonalData",
    "ProcessedUpdates",
    "Reader",
    "Renderer",
    "RequestRepository",
    "SuggestionStore",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "VolunteerRepository",
]
