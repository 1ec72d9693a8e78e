"""The shapes both catalogs share: a locale gives its phrases, the logic is written once.

Each builder returns a catalog function whose parameters are its placeholders (bot/texts/__init__.py
reads them), and /help is composed from the command table's order (handlers/table.py), so a new
command needs only its lines in each catalog, and a missing one fails at import.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from handlers.matching.skills import skill_label
from handlers.table import HELPED


@dataclass(frozen=True, slots=True)
class VolunteerOk:
    thanks: str  # {name}, {building}
    skills: str  # prefix of the skill list
    no_skills: str
    unknown: str  # prefix of the words not recognised
    open_link: str  # {link}
    send_start: str
    separator: str  # between listed items


def volunteer_ok(locale: str, p: VolunteerOk) -> Callable[..., str]:
    def text(
        name: str, building: str, skills: Sequence[str], unknown: Sequence[str], private_hint: bool, bot_username: str
    ) -> str:
        lines = [p.thanks.format(name=name, building=building)]
        if skills:
            lines.append(p.skills + p.separator.join(skill_label(s, locale) for s in skills))
        else:
            lines.append(p.no_skills)
        if unknown:
            lines.append(p.unknown + p.separator.join(unknown))
        if private_hint:
            if bot_username:
                lines.append(p.open_link.format(link=f"https://t.me/{bot_username}?start=volunteer"))
            else:
                lines.append(p.send_start)
        return "\n".join(lines)

    return text


def skill(locale: str) -> Callable[[str], str]:
    def text(tag: str) -> str:
        return skill_label(tag, locale)

    return text


def me_claim(with_building: str, without: str) -> Callable[..., str]:
    """One held request in /me: `with_building` takes {building}."""

    def text(id: int, building: str) -> str:
        return f"  · #{id} " + (with_building.format(building=building) if building else without)

    return text


def unknown_building(first: str, known_line: str) -> Callable[..., str]:
    """`first` takes {building}, `known_line` {known} (left out when no building is known)."""

    def text(building: str, known: str) -> str:
        found = first.format(building=building)
        return found + "\n" + known_line.format(known=known) if known else found

    return text


def help_text(intro: str, lines: Mapping[str, str], outro: str) -> str:
    """/help: the intro, one entry per command in the table's order, the outro."""
    return intro + "".join(lines[name] + "\n" for name in HELPED) + outro

