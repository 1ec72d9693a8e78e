"""What a secretary does to a concern, by command or button: each change saved and logged
(一事一记); when it is fixed, the groups where it was raised are told, naming no one."""

from __future__ import annotations

from dataclasses import dataclass, replace

from handlers.chat import Button, Keyboard, Outgoing, Send
from handlers.context import Context
from handlers.domain.concerns import ConcernStatus, Matter, MatterEvent, MatterEventType, moved
from handlers.domain.desk import CHANGES, entry_data
from handlers.ports import UnitOfWork

_LABELS = {"t": "btn_concern_tabled", "h": "btn_concern_in_hand", "f": "btn_concern_fixed",
           "d": "btn_concern_declined", "m": "btn_concern_me"}


@dataclass(frozen=True, slots=True)
class Changed:
    """A concern as changed, and what the change wants said (the groups told it is fixed)."""

    matter: Matter
    told: tuple[Outgoing, ...] = ()


async def _log(
    ctx: Context, uow: UnitOfWork, matter: Matter, kind: MatterEventType, actor: int, **detail: object
) -> None:
    await uow.concern_book.log(MatterEvent(matter.id, kind, actor, ctx.clock.now(), dict(detail)))


async def set_status(
    ctx: Context, uow: UnitOfWork, matter: Matter, to: ConcernStatus, actor: int, **detail: object
) -> Changed:
    if matter.status is to:
        return Changed(matter)
    changed = moved(matter, to, ctx.clock.now())
    await uow.concern_book.save(changed)
    moves = {"from": matter.status.value, "to": to.value}
    await _log(ctx, uow, changed, MatterEventType.STATUS, actor, **moves, **detail)
    if to is ConcernStatus.FIXED:
        return Changed(changed, await tell_fixed(ctx, uow, changed, actor))
    return Changed(changed)


async def set_owner(ctx: Context, uow: UnitOfWork, matter: Matter, owner: int, name: str, actor: int) -> Changed:
    changed = replace(matter, owner_id=owner, owner_name=name)
    await uow.concern_book.save(changed)
    await _log(ctx, uow, changed, MatterEventType.OWNER, actor, owner_id=owner, owner_name=name)
    return Changed(changed)


async def write(
    ctx: Context, uow: UnitOfWork, matter: Matter, kind: MatterEventType, text: str, actor: int
) -> Changed:
    """A note, or the outcome recorded against the concern (each one event; the latest shows)."""
    changed = replace(matter, note=text) if kind is MatterEventType.NOTE else replace(matter, outcome=text)
    await uow.concern_book.save(changed)
    await _log(ctx, uow, changed, kind, actor, text=text)
    return Changed(changed)


async def tell_fixed(ctx: Context, uow: UnitOfWork, matter: Matter, actor: int) -> tuple[Outgoing, ...]:
    """One notice in each group where it was raised, replying to that group's latest raising and
    quoting that group's own first words: nothing said in one group reaches another."""
    raisings = await uow.concern_book.raisings(matter.id)
    chats: list[int] = []
    told: list[Outgoing] = []
    for chat in dict.fromkeys(r.chat_id for r in raisings):
        here = [r for r in raisings if r.chat_id == chat]
        replied = next((r.message_id for r in reversed(here) if r.message_id is not None), None)
        text = ctx.texts.text(
            "concern_fixed_notice", id=matter.id, text=here[0].text, count=len({r.user_id for r in here}),
        )
        if matter.outcome:
            text += "\n" + ctx.texts.text("concern_fixed_outcome", outcome=matter.outcome)
        told.append(Outgoing(Send(chat, text, reply_to_message_id=replied)))
        chats.append(chat)
    await _log(ctx, uow, matter, MatterEventType.TOLD, actor, chats=chats)
    return tuple(told)


def entry_keyboard(ctx: Context, matter: Matter, token: int) -> Keyboard:
    """The entry's buttons: every status but the current one, and "me" as owner."""
    shown = [key for key, to in CHANGES.items() if to is not None and to is not matter.status]
    statuses = tuple(Button(ctx.texts.text(_LABELS[k]), entry_data(matter.id, k, token)) for k in shown)
    me = (Button(ctx.texts.text(_LABELS["m"]), entry_data(matter.id, "m", token)),)
    return (statuses[:2], statuses[2:], me)
