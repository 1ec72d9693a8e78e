"""Which chats and communities a command speaks about: the chat's own, or a secretary's."""

from __future__ import annotations

from handlers.chat import ChatMessage
from handlers.context import Context


def scope(ctx: Context, message: ChatMessage) -> tuple[list[int], list[str]]:
    grid = ctx.policy.grid
    if not message.is_private:
        compound = grid.compound_of_chat(message.chat_id)
        if compound is None:
            return [], []
        return list(compound.chats), [compound.community]
    mine = [c for c in grid.communities if message.sender.user_id in c.secretaries]
    return [chat for c in mine for compound in c.compounds for chat in compound.chats], [c.name for c in mine]
