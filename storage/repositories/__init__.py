"""Repositories that speak SQL and return handlers.domain objects."""

from storage.repositories.logs import (
    SqlCallLog,
    SqlEventLog,
    SqlLists,
    SqlOutbox,
    SqlProcessedUpdates,
)
from storage.repositories.people import SqlPeopleRepository, SqlVolunteerRepository
from storage.repositories.requests import SqlRequestRepository

__all__ = [
    "SqlCallLog",
    "SqlEventLog",
    "SqlLists",
    "SqlOutbox",
    "SqlPeopleRepository",
    "SqlProcessedUpdates",
    "SqlRequestRepository",
    "SqlVolunteerRepository",
]
