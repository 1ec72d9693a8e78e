"""Hours as people type them: "18:00-22:00", "18-22", "22:00～07:00" (past midnight)."""

from __future__ import annotations

import re
from datetime import time

from handlers.domain.people import HourWindow

_WINDOW = re.compile(r"(\d{1,2})(?:[:：](\d{2}))?\s*[-–~～到至]\s*(\d{1,2})(?:[:：](\d{2}))?")


def _clock(hour: str, minute: str | None) -> time | None:
    h, m = int(hour), int(minute or 0)
    if h == 24 and m == 0:
        return time(0)  # "18:00-24:00": up to midnight
    return time(h, m) if h < 24 and m < 60 else None


def parse_window(text: str) -> HourWindow | None:
    """"18:00-22:00", "18-22", "22:00～07:00" (wraps past midnight) → a window; None if malformed or empty."""
    found = _WINDOW.fullmatch(text.strip())
    if found is None:
        return None
    start, end = _clock(found[1], found[2]), _clock(found[3], found[4])
    if start is None or end is None or start == end:
        return None
    return HourWindow(start, end)


def format_window(window: HourWindow) -> str:
    return f"{window.start:%H:%M}–{window.end:%H:%M}"
