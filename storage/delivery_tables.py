"""The outbox's view of each chat it writes to (its own module: storage/tables.py is full).

A chat is held while Telegram's 429 or a group's minute says nothing may go to it yet, and
closed when it refused the bot for good (kicked, blocked, not found): nothing more is tried
there until the bot hears from that chat again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables import Base


class OutboxChatRow(Base):
    __tablename__ = "outbox_chats"
    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    held_until: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    closed_reason: Mapped[str | None] = mapped_column(Text)
