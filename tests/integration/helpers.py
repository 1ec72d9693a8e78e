"""Small builders shared by the integration tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from handlers.domain import Request, Status
from handlers.ports import UnitOfWorkFactory

T0 = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)


def new_request(
    message_id: int = 1,
    *,
    chat_id: int = -100,
    requester_id: int = 7,
    people_needed: int = 1,
    posted_at: datetime = T0,
    due_in: timedelta | None = timedelta(minutes=10),
    community: str | None = "Siming",
) -> Request:
    return Request(
        id=0,
        status=Status.OPEN,
        chat_id=chat_id,
        message_id=message_id,
        requester_id=requester_id,
        requester_name="阿姨",
        text="要下雨啦,198号楼谁家有人在,请帮我收下被子!",
        category="errand",
        building="198",
        compound="Huli Garden",
        community=community,
        urgent=False,
        emergency=False,
        people_needed=people_needed,
        posted_at=posted_at,
        next_due_at=None if due_in is None else posted_at + due_in,
    )


async def add_request(uow_factory: UnitOfWorkFactory, new: Request | None = None) -> Request:
    async with uow_factory() as uow:
        request = await uow.requests.add(new or new_request())
        await uow.commit()
    return request
