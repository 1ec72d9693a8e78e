"""The interfaces the core needs from the outside world: storage, the clock, the texts and the reader.

Storage implements the repositories and the unit of work (SQLAlchemy); tests use the in-memory
fakes in tests/fakes.py; bot/render.py implements the Renderer.
"""

from handlers.ports.concerns import ConcernBook
from handlers.ports.desk import DeskStore
from handlers.ports.feedback import CorrectionLog, SuggestionStore
from handlers.ports.figures import FigureStore
from handlers.ports.grid import ChatKind, GridBuilding, GridStore, KnownChat
from handlers.ports.outside import Clock, FileMaker, Reader, Renderer
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
from handlers.ports.visits import RosterStore

__all__ = [
    "CallLog",
    "ChatKind",
    "ClaimResult",
    "Clock",
    "ConcernBook",
    "CorrectionLog",
    "DeskStore",
    "EventLog",
    "FigureStore",
    "FileMaker",
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
    "RosterStore",
    "SuggestionStore",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "VolunteerRepository",
]
