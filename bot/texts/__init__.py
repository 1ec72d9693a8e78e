"""Message catalogs: one dict per locale, key → format string or small function.

A format string takes `{name}` placeholders; a function is used where plurals, lists or a
yes/no needs logic, and its parameters are its placeholders. Values reach the catalogs already
escaped (bot/render.py does that), so catalogs never call html.escape themselves.
"""

from __future__ import annotations

import inspect
import string
from collections.abc import Callable, Mapping

from bot.texts import (
    delivery_en,
    delivery_zh,
    desk_en,
    desk_zh,
    en,
    forwarded_en,
    forwarded_zh,
    privacy_en,
    privacy_zh,
    reports_en,
    reports_zh,
    rosters_en,
    rosters_zh,
    zh,
)

Entry = str | Callable[..., str]
Catalog = Mapping[str, Entry]



def _merged(*parts: Catalog) -> Catalog:
    """A locale's catalog from its parts; a key defined in two parts fails at import."""
    merged: dict[str, Entry] = {}
    for part in parts:
        twice = merged.keys() & part.keys()
        if twice:
            raise ValueError(f"text keys defined twice: {sorted(twice)}")
        merged.update(part)
    return merged


# A feature with many phrases may keep them in its own pair of modules (`TEXTS` in each), named
# here beside the main catalogs; tests/unit/test_render.py checks the locales agree key by key.
CATALOGS: Mapping[str, Catalog] = {
    "zh": _merged(
        zh.TEXTS, forwarded_zh.TEXTS, desk_zh.TEXTS, reports_zh.TEXTS, rosters_zh.TEXTS, delivery_zh.TEXTS,
        privacy_zh.TEXTS,
    ),
    "en": _merged(
        en.TEXTS, forwarded_en.TEXTS, desk_en.TEXTS, reports_en.TEXTS, rosters_en.TEXTS, delivery_en.TEXTS,
        privacy_en.TEXTS,
    ),
}


def catalog_for(locale: str) -> tuple[str, Catalog]:
    """The catalog of a locale tag ("zh", "zh-CN", "en_GB"…); English for anything unknown."""
    short = locale.replace("_", "-").split("-")[0].lower()
    short = short if short in CATALOGS else "en"
    return short, CATALOGS[short]


def placeholders(entry: Entry) -> frozenset[str]:
    """The value names an entry uses: fields of a format string or parameters of a function."""
    if isinstance(entry, str):
        return frozenset(field for _, field, _, _ in string.Formatter().parse(entry) if field)
    return frozenset(inspect.signature(entry).parameters)


def fill(entry: Entry, values: Mapping[str, object]) -> str:
    """Format one entry; values it does not use are ignored, a missing one raises KeyError."""
    if isinstance(entry, str):
        return entry.format(**values)
    wanted = inspect.signature(entry).parameters
    missing = [name for name, p in wanted.items() if name not in values and p.default is inspect.Parameter.empty]
    if missing:
        raise KeyError(missing[0])
    return entry(**{name: values[name] for name in wanted if name in values})
