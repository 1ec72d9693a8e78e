"""Who is replying to a request: its requester, its claimer, a volunteer called for it, or anyone else.

The reader narrows what a reply can mean by its writer's role (handlers/understanding/context.py):
a called volunteer's "already on my way" under the card is a claim, the requester's "all sorted"
is a done. A reply counts when it answers the request's own message, its card, or a private call
about it (anything `requests.by_message` knows); a message out of the blue is read without context.
"""

from __future__ import annotations

from handlers.chat import ChatMessage
from handlers.domain import Request
from handlers.ports import UnitOfWork
from handlers.understanding.context import ReplyContext, Role


async def role_of(uow: UnitOfWork, request: Request, user_id: int) -> Role:
    if user_id == request.requester_id:
        return Role.REQUESTER
    if user_id in request.claimers:
        return Role.CLAIMER
    if user_id in await uow.calls.called(request.id):
        # Even one who said "can't help" earlier: a change of mind is still a claim.
        return Role.CALLED
    return Role.OTHER


async def reply_context(uow: UnitOfWork, message: ChatMessage, target: Request | None) -> ReplyContext | None:
    """The context to read `message` in: None unless it replies to a request."""
    if target is None:
        return None
    return ReplyContext(await role_of(uow, target, message.sender.user_id))
