"""Domain values ⇄ the JSON and text stored for them (outbox payloads, hour windows)."""

from __future__ import annotations

import functools
from datetime import time
from typing import Any

from handlers.chat import Action, AnswerButton, Button, Edit, Keyboard, Send
from handlers.domain import HourWindow


def action_kind(action: Action) -> str:
    if isinstance(action, Send):
        return "send"
    if isinstance(action, Edit):
        return "edit"
    return "answer"


def action_to_payload(action: Action) -> dict[str, Any]:
    if isinstance(action, Send):
        return {
            "chat_id": action.chat_id,
            "text": action.text,
            "keyboard": _keyboard_out(action.keyboard),
            "reply_to_message_id": action.reply_to_message_id,
            "ref": action.ref,
            "urgent": action.urgent,
        }
    if isinstance(action, Edit):
        return {
            "chat_id": action.chat_id,
            "ref": action.ref,
            "text": action.text,
            "keyboard": _keyboard_out(action.keyboard),
        }
    return {"callback_id": action.callback_id, "text": action.text, "alert": action.alert}


def action_from_payload(kind: str, payload: dict[str, Any]) -> Action:
    if kind == "send":
        return Send(
            chat_id=int(payload["chat_id"]),
            text=str(payload["text"]),
            keyboard=_keyboard_in(payload.get("keyboard", [])),
            reply_to_message_id=payload.get("reply_to_message_id"),
            ref=payload.get("ref"),
            urgent=bool(payload.get("urgent", False)),
        )
    if kind == "edit":
        return Edit(
            chat_id=int(payload["chat_id"]),
            ref=str(payload["ref"]),
            text=str(payload["text"]),
            keyboard=_keyboard_in(payload.get("keyboard", [])),
        )
    if kind == "answer":
        return AnswerButton(
            callback_id=str(payload["callback_id"]),
            text=payload.get("text"),
            alert=bool(payload.get("alert", False)),
        )
    raise ValueError(f"unknown outbox kind {kind!r}")


def action_priority(action: Action) -> int:
    """The outbox's `priority` column: 1 for an urgent Send, else 0 (higher goes first)."""
    return 1 if isinstance(action, Send) and action.urgent else 0


def action_chat(action: Action) -> int | None:
    return None if isinstance(action, AnswerButton) else action.chat_id


def action_ref(action: Action) -> str | None:
    return None if isinstance(action, AnswerButton) else action.ref


def _keyboard_out(keyboard: Keyboard) -> list[list[dict[str, str]]]:
    return [[{"text": b.text, "data": b.data} for b in row] for row in keyboard]


def _keyboard_in(rows: list[list[dict[str, str]]]) -> Keyboard:
    return tuple(tuple(Button(text=b["text"], data=b["data"]) for b in row) for row in rows)


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
