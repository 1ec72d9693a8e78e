"""What the bot learns from people: the suggestions it made and the labels people's actions gave.

A *suggestion* is the bot's one reply to a message the reader was unsure about ("ask the
neighbours for help?"), with a button only its author may press; it lives until used or until it
expires (a timer swept on the ladder's tick). A *correction* is a labelled example (the message,
the label the reader gave, the label people's actions gave it, and why), exported with
`jinlin corrections export` for review and the corpus. The label is LABELS.md's: kind, category,
building, urgent, emergency.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from handlers.domain.kinds import Kind
from handlers.domain.request import id_of
from handlers.understanding import Reading

Label = dict[str, object]  # the fields of a LABELS.md line but the text


class SuggestionStatus(StrEnum):
    PENDING = "pending"
    USED = "used"  # the author pressed the button or replied to it: a request was opened
    EXPIRED = "expired"  # nobody used it in time; it was deleted


class Reason(StrEnum):
    """Why a correction was recorded."""

    FORCED_ASK = "forced_ask"  # /ask TEXT
    FORCED_REPLY = "forced_reply"  # the author replied to the bot's suggestion
    SUGGESTION_ACCEPTED = "suggestion_accepted"  # the author pressed "ask the neighbours"
    SUGGESTION_EXPIRED = "suggestion_expired"  # the suggestion was ignored: not a request
    WITHDRAWN = "withdrawn_not_request"  # the requester pressed "not a request" on the card
    CLAIMED_AS_CHAT = "claimed_as_chat"  # a claim replied to a message that got no card


@dataclass(frozen=True, slots=True)
class Suggestion:
    id: int  # 0 until stored
    chat_id: int
    message_id: int  # the author's message
    author_id: int
    author_name: str
    text: str
    reader_label: Label
    reader_version: str
    created_at: datetime
    expires_at: datetime
    status: SuggestionStatus = SuggestionStatus.PENDING
    bot_message_id: int | None = None  # the bot's suggestion message, once sent


@dataclass(frozen=True, slots=True)
class Correction:
    chat_id: int
    message_id: int | None
    user_id: int  # whose action corrected it
    text: str
    reader_label: Label  # what the reader said
    label: Label  # what people's actions say
    reason: Reason
    at: datetime
    reader_version: str = ""
    request_id: int | None = None


def suggestion_ref(suggestion_id: int) -> str:
    """The outbox ref of the bot's suggestion message (its deletion finds it by this)."""
    return f"suggest:{suggestion_id}"


def suggestion_of_ref(ref: str) -> int | None:
    """The suggestion a bot message (`suggest:{id}`) stands for."""
    head, _, number = ref.partition(":")
    return id_of(number) if head == "suggest" else None


SUGGESTION_BUTTON = "s"  # callback_data "s:<suggestion id>", pressed only by the suggestion's author


def suggestion_button(suggestion_id: int) -> str:
    return f"{SUGGESTION_BUTTON}:{suggestion_id}"


def suggestion_of_button(data: str) -> int | None:
    head, _, number = data.partition(":")
    return id_of(number) if head == SUGGESTION_BUTTON else None


def request_label(reading: Reading) -> Label:
    """The reader's fields with the kind a request: what a forced request is labelled."""
    return {
        "kind": Kind.REQUEST.value,
        "category": reading.category or "other",
        "building": reading.building,
        "urgent": reading.urgent or reading.emergency,
        "emergency": reading.emergency,
    }


def chat_label(reader_label: Label) -> Label:
    """Not a request: chat, no category, never urgent; the building stays what the reader found."""
    building = reader_label.get("building")
    return {"kind": Kind.CHAT.value, "category": None, "building": building, "urgent": False, "emergency": False}


def disagrees(reading: Reading) -> bool:
    """Whether a request forced or accepted for this reading corrects the reader."""
    return reading.kind is not Kind.REQUEST or reading.unsure
