"""Residents' and volunteers' slash commands whose arguments are read into typed fields.

Each `read` parses what was typed once, here, before the command reaches the table: a use case
gets a number, a list of windows, a user id, never the words; a call that does not parse is
`Malformed` and gets the command's usage line. What needs storage or the grid to judge (is this
building ours, is this person a volunteer) stays with the use case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.chat import ChatMessage, Sender
from handlers.commands.slash import CommandCall, Malformed, Slash
from handlers.domain.hours import parse_window
from handlers.domain.people import HourWindow
from handlers.matching.skills import parse_skills

MAX_VOLUNTEER_ARGS = 20  # a hostile "/volunteer" with thousands of words gets a usage answer, not a loop
NAMED_ON, NAMED_OFF = ("on", "yes", "开", "是"), ("off", "no", "关", "否")
PAUSE_WORDS, PAUSED = ("off", "on", "pause", "resume"), ("off", "pause")
MAX_WINDOWS = 6
MAX_LOAD = 5
ANY_HOUR = frozenset({"any", "anytime", "always", "随时", "全天", "任何时间"})
OFF_WORDS = frozenset({"off", "none", "no", "关", "关闭", "无", "不要"})
_SEPARATORS = re.compile(r"[,，、;；\s]+")


@dataclass(frozen=True, slots=True)
class Start(Slash):
    """`/start`, and the deep link `/start volunteer` into the guided sign-up."""

    volunteer: bool  # t.me/<bot>?start=volunteer

    @classmethod
    def read(cls, sender: Sender, in_private: bool, message: ChatMessage, call: CommandCall) -> Slash:
        return cls(sender, in_private, message, call, call.args[:1] == ("volunteer",))


@dataclass(frozen=True, slots=True)
class Ask(Slash):
    """`/ask <what you need>`: a request, whatever the reader makes of the words."""

    text: str

    @classmethod
    def read(cls, sender: Sender, in_private: bool, message: ChatMessage, call: CommandCall) -> Slash:
        if not call.payload:
            return Malformed(sender, in_private, message, call, cls, "ask_usage")
        return cls(sender, in_private, message, call, call.payload)


@dataclass(frozen=True, slots=True)
class ForgetMe(Slash):
    """`/forget yes` in private: a resident forgets themselves (`jinlin forget` for them)."""

    confirmed: bool  # "yes": without it the use case explains (after saying it is private only)

    @classmethod
    def read(cls, sender: Sender, in_private: bool, message: ChatMessage, call: CommandCall) -> Slash:
        return cls(sender, in_private, message, call, call.args == ("yes",))


@dataclass(frozen=True, slots=True)
class Enrol:
    """`/volunteer <building> [skills…]`."""

    building: str  # as typed: the use case reads it and finds it in the grid
    skills: frozenset[str]
    unknown: tuple[str, ...]  # words that named no skill
    building_only: bool  # nothing typed after the building (in private: the skill buttons follow)


@dataclass(frozen=True, slots=True)
class Pause:
    """`/volunteer off` · `on` (`pause` · `resume`)."""

    paused: bool


@dataclass(frozen=True, slots=True)
class Naming:
    """`/volunteer name on|off`: `named` None when the word does not read (the usage line shows the
    volunteer's current choice, so the use case, which knows it, answers)."""

    named: bool | None


@dataclass(frozen=True, slots=True)
class RegisterVolunteer(Slash):
    """`/volunteer <building> [skills…]`, `/volunteer off` · `on`, `/volunteer name on|off`."""

    change: Enrol | Pause | Naming

    @classmethod
    def read(cls, sender: Sender, in_private: bool, message: ChatMessage, call: CommandCall) -> Slash:
        args = call.args
        first = args[0].lower() if args else ""
        if first == "name":
            words = [a.lower() for a in args[1:]]
            named = words[0] in NAMED_ON if len(words) == 1 and words[0] in NAMED_ON + NAMED_OFF else None
            return cls(sender, in_private, message, call, Naming(named))
        if first in PAUSE_WORDS:
            return cls(sender, in_private, message, call, Pause(first in PAUSED))
        if not args or len(args) > MAX_VOLUNTEER_ARGS:
            return Malformed(sender, in_private, message, call, cls, "volunteer_usage")
        skills, unknown = parse_skills(args[1:])
        return cls(sender, in_private, message, call, Enrol(args[0], skills, unknown, not args[1:]))


@dataclass(frozen=True, slots=True)
class SetHome(Slash):
    """`/home <building>`: a resident's building, for requests that name none."""

    building: str  # as typed: the use case reads it ("三号楼" → "3") and finds it in the grid

    @classmethod
    def read(cls, sender: Sender, in_private: bool, message: ChatMessage, call: CommandCall) -> Slash:
        if len(call.args) != 1:
            return Malformed(sender, in_private, message, call, cls, "home_usage")
        return cls(sender, in_private, message, call, call.args[0])


@dataclass(frozen=True, slots=True)
class SetHours(Slash):
    """`/hours 18:00-22:00[,…]` · `/hours any`."""

    windows: tuple[HourWindow, ...]  # none: any hour

    @classmethod
    def read(cls, sender: Sender, in_private: bool, message: ChatMessage, call: CommandCall) -> Slash:
        pieces = [p for p in _SEPARATORS.split(call.payload) if p]
        if not pieces or len(pieces) > MAX_WINDOWS:
            return Malformed(sender, in_private, message, call, cls, "hours_usage")
        if len(pieces) == 1 and pieces[0].lower() in ANY_HOUR:
            return cls(sender, in_private, message, call, ())
        windows = [w for w in (parse_window(p) for p in pieces) if w is not None]
        if len(windows) < len(pieces):
            return Malformed(sender, in_private, message, call, cls, "hours_usage")
        return cls(sender, in_private, message, call, tuple(dict.fromkeys(windows)))


@dataclass(frozen=True, slots=True)
class SetQuiet(Slash):
    """`/quiet 22:00-07:00` · `/quiet off`."""

    window: HourWindow | None  # None: no quiet hours

    @classmethod
    def read(cls, sender: Sender, in_private: bool, message: ChatMessage, call: CommandCall) -> Slash:
        word = call.payload.strip()
        if word.lower() in OFF_WORDS:
            return cls(sender, in_private, message, call, None)
        window = parse_window(word)
        if window is None:
            return Malformed(sender, in_private, message, call, cls, "quiet_usage")
        return cls(sender, in_private, message, call, window)


@dataclass(frozen=True, slots=True)
class SetLoad(Slash):
    """`/load <1-5>`: most requests held at once."""

    load: int

    @classmethod
    def read(cls, sender: Sender, in_private: bool, message: ChatMessage, call: CommandCall) -> Slash:
        arg = call.args[0] if len(call.args) == 1 else ""
        if not (arg.isascii() and arg.isdigit() and 1 <= int(arg) <= MAX_LOAD):
            return Malformed(sender, in_private, message, call, cls, "load_usage", {"most": MAX_LOAD})
        return cls(sender, in_private, message, call, int(arg))


@dataclass(frozen=True, slots=True)
class Serve(Slash):
    """`/serve` · `/serve off`: 双报到, also serve this group's community."""

    off: bool

    @classmethod
    def read(cls, sender: Sender, in_private: bool, message: ChatMessage, call: CommandCall) -> Slash:
        off = call.args[:1] in (("off",), ("stop",))
        if len(call.args) > 1 or (call.args and not off):
            return Malformed(sender, in_private, message, call, cls, "serve_usage")
        return cls(sender, in_private, message, call, off)


@dataclass(frozen=True, slots=True)
class Vet(Slash):
    """`/vet <user id>` · `/vet off <user id>`: a secretary vouches for a volunteer."""

    user_id: int
    off: bool

    @classmethod
    def read(cls, sender: Sender, in_private: bool, message: ChatMessage, call: CommandCall) -> Slash:
        words = [a.lower() for a in call.args]
        off = words[:1] == ["off"]
        target = words[1:] if off else words
        if len(target) != 1 or not (target[0].isascii() and target[0].isdigit()) or len(target[0]) > 15:
            return Malformed(sender, in_private, message, call, cls, "vet_usage")
        return cls(sender, in_private, message, call, int(target[0]), off)
