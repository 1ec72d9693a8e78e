"""Domain values ⇄ the JSON and text stored for them (outbox payloads, hour windows)."""

from __future__ import annotations

import functools
from dataclasses import fields
from datetime import datetime, time
from typing import Any

from handlers.chat import (
    Action,
    AnswerButton,
    Button,
    ButtonPress,
    ChatEvent,
    ChatMessage,
    Delete,
    Edit,
    File,
    Keyboard,
    Send,
    Sender,
    SendFile,
)
from handlers.domain import HourWindow

# The outbox payload of an action is its dataclass's fields, read off the definition (the
# keyboard as lists of {"text", "data"}): a field added to Send, Edit, AnswerButton or Delete is stored.
# A SendFile's bytes are not in its payload (only the file's name and type): the outbox keeps them
# in outbox_files and the queue puts them back when it leases the item.
_KINDS: dict[str, type[Send] | type[Edit] | type[AnswerButton] | type[Delete] | type[SendFile]] = {
    "send": Send, "edit": Edit, "answer": AnswerButton, "delete": Delete, "file": SendFile,
}


def action_kind(action: Action) -> str:
    return next(kind for kind, cls in _KINDS.items() if isinstance(action, cls))


def action_to_payload(action: Action) -> dict[str, Any]:
    payload = {f.name: getattr(action, f.name) for f in fields(action)}
    if isinstance(action, Send | Edit):
        payload["keyboard"] = _keyboard_out(action.keyboard)
    if isinstance(action, SendFile):
        payload["file"] = {"name": action.file.name, "mime": action.file.mime}
    return payload


def action_from_payload(kind: str, payload: dict[str, Any]) -> Action:
    cls = _KINDS.get(kind)
    if cls is None:
        raise ValueError(f"unknown outbox kind {kind!r}")
    # A key missing from an older row takes the field's default.
    values = {f.name: payload[f.name] for f in fields(cls) if f.name in payload}
    if "keyboard" in values:
        values["keyboard"] = _keyboard_in(values["keyboard"])
    if "file" in values:
        values["file"] = File(values["file"]["name"], b"", values["file"]["mime"])
    return cls(**values)


def action_priority(action: Action) -> int:
    """The outbox's `priority` column (higher goes first): 2 for an urgent Send, 0 for an
    acknowledgement, 1 for the rest (cards, calls, edits, button answers)."""
    if isinstance(action, Send) and action.urgent:
        return 2
    return 0 if isinstance(action, Send) and action.ack else 1


def action_chat(action: Action) -> int | None:
    return None if isinstance(action, AnswerButton) else action.chat_id


def action_ref(action: Action) -> str | None:
    return None if isinstance(action, AnswerButton) else action.ref


def _keyboard_out(keyboard: Keyboard) -> list[list[dict[str, str]]]:
    return [[{"text": b.text, "data": b.data} for b in row] for row in keyboard]


def _keyboard_in(rows: list[list[dict[str, str]]]) -> Keyboard:
    return tuple(tuple(Button(text=b["text"], data=b["data"]) for b in row) for row in rows)


def event_to_json(event: ChatEvent) -> dict[str, Any]:
    """An inbox row's event: its dataclass's fields (the sender nested, the time as ISO text)."""
    values = {f.name: getattr(event, f.name) for f in fields(event)}
    values["sender"] = {f.name: getattr(event.sender, f.name) for f in fields(Sender)}
    values["at"] = event.at.isoformat()
    return values


def event_from_json(kind: str, values: dict[str, Any]) -> ChatEvent:
    cls = ChatMessage if kind == "message" else ButtonPress
    # A key missing from an older row takes the field's default.
    given = {f.name: values[f.name] for f in fields(cls) if f.name in values}
    given["sender"] = Sender(**given["sender"])
    given["at"] = datetime.fromisoformat(given["at"])
    return cls(**given)


def window_to_text(window: HourWindow) -> str:
    return f"{window.start:%H:%M}-{window.end:%H:%M}"


@functools.lru_cache(maxsize=1024)
def window_from_text(value: str) -> HourWindow:
    """One shared (frozen) window per text: most volunteers pick the same few, and the matcher
    skips re-checking a window identical to the previous one."""
    start, end = value.split("-", 1)
    return HourWindow(time.fromisoformat(start.strip()), time.fromisoformat(end.strip()))


def request_of_ref(ref: str) -> int | None:
    """The request a card (`card:{id}`) or a private call (`call:{id}:{user}`) stands for."""
    parts = ref.split(":")
    if (parts[0] == "card" and len(parts) == 2) or (parts[0] == "call" and len(parts) == 3):
        return int(parts[1]) if parts[1].isdigit() else None
    return None
