"""DeskStore on SQL: chats bound by /setup, secretaries added, consent to be named, the month's results."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import case, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.domain import Status
from handlers.domain.bindings import AddedSecretary, ChatBinding
from handlers.domain.results import Helper, MonthResults
from storage.repositories._sql import insert_ignore, rowcount, upsert
from storage.tables import ClaimRow, RequestRow
from storage.visit_tables import AddedSecretaryRow, ChatBindingRow, NamedVolunteerRow


class SqlDeskStore:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def bindings(self) -> list[ChatBinding]:
        rows = await self._s.scalars(select(ChatBindingRow).order_by(ChatBindingRow.bound_at, ChatBindingRow.chat_id))
        return [
            ChatBinding(r.chat_id, r.community, r.compound, tuple(r.buildings), r.bound_by, r.bound_at) for r in rows
        ]

    async def bind(self, binding: ChatBinding) -> None:
        values = {
            "chat_id": binding.chat_id, "community": binding.community, "compound": binding.compound,
            "buildings": list(binding.buildings), "bound_by": binding.bound_by, "bound_at": binding.bound_at,
        }
        await upsert(self._s, ChatBindingRow, values, ["chat_id"])

    async def secretaries(self) -> list[AddedSecretary]:
        rows = await self._s.scalars(
            select(AddedSecretaryRow).order_by(AddedSecretaryRow.added_at, AddedSecretaryRow.user_id)
        )
        return [AddedSecretary(r.community, r.user_id, r.added_by, r.added_at) for r in rows]

    async def add_secretary(self, added: AddedSecretary) -> bool:
        values = {
            "community": added.community, "user_id": added.user_id, "added_by": added.added_by,
            "added_at": added.added_at,
        }
        return await insert_ignore(self._s, AddedSecretaryRow, values, ["community", "user_id"])

    async def remove_secretary(self, community: str, user_id: int) -> bool:
        result = await self._s.execute(
            delete(AddedSecretaryRow).where(
                AddedSecretaryRow.community == community, AddedSecretaryRow.user_id == user_id
            )
        )
        return rowcount(result) > 0

    async def set_named(self, user_id: int, named: bool, at: datetime) -> None:
        await upsert(self._s, NamedVolunteerRow, {"user_id": user_id, "named": named, "at": at}, ["user_id"])

    async def is_named(self, user_id: int) -> bool:
        return bool(await self._s.scalar(select(NamedVolunteerRow.named).where(NamedVolunteerRow.user_id == user_id)))

    async def month_results(
        self, chat_ids: Collection[int], since: datetime, until: datetime, top: int
    ) -> MonthResults:
        chats = list(chat_ids)
        in_period = (RequestRow.chat_id.in_(chats), RequestRow.posted_at >= since, RequestRow.posted_at < until)
        total, done = (
            await self._s.execute(
                select(
                    func.count(),
                    func.coalesce(func.sum(case((RequestRow.status == Status.DONE.value, 1), else_=0)), 0),
                ).where(*in_period)
            )
        ).one()
        helped = func.count(ClaimRow.id)
        rows = await self._s.execute(
            select(ClaimRow.user_id, func.max(ClaimRow.name), helped)
            .join(RequestRow, RequestRow.id == ClaimRow.request_id)
            .join(NamedVolunteerRow, NamedVolunteerRow.user_id == ClaimRow.user_id)
            .where(*in_period, ClaimRow.status == "done", NamedVolunteerRow.named.is_(True))
            .group_by(ClaimRow.user_id)
            .order_by(helped.desc(), ClaimRow.user_id)
            .limit(top)
        )
        helpers = tuple(Helper(int(user_id), str(name), int(n)) for user_id, name, n in rows)
        return MonthResults(int(total), int(done), helpers)
