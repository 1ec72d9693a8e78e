"""The domain: requests, people, volunteers, the grid they live on, and the rules they follow.

Plain dataclasses and pure functions, no framework and no I/O. Everything the use cases decide is
expressed in these types; storage maps them to tables and transports never see them.
"""

from handlers.domain.figures import Report
from handlers.domain.grid import Community, Compound, Grid, Place
from handlers.domain.kinds import Kind
from handlers.domain.lists import Concern, Offer
from handlers.domain.people import DEFAULT_QUIET, HourWindow, Person, Volunteer, VolunteerRecord
from handlers.domain.policy import Ladder, Policy
from handlers.domain.request import Event, EventType, Request, Ring, Status

__all__ = [
    "DEFAULT_QUIET",
    "Community",
    "Compound",
    "Concern",
    "Event",
    "EventType",
    "Grid",
    "HourWindow",
    "Kind",
    "Ladder",
    "Offer",
    "Person",
    "Place",
    "Policy",
    "Report",
    "Request",
    "Ring",
    "Status",
    "Volunteer",
    "VolunteerRecord",
]
