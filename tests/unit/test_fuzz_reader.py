"""The reader, fuzzed: any text at all gives a valid reading, and the building it names is canonical."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from handlers.domain import Kind
from handlers.understanding import read_message
from handlers.understanding.categories import CATEGORIES
from handlers.understanding.context import ReplyContext, Role
from tests.fuzzing import ODD, hostile_text

CANONICAL_BUILDING = re.compile(r"[1-9][0-9]*|[A-Z]")
ZERO_WIDTH = [c for c in ODD if c in "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad\u202a\u202c\u2066\u2069"]


@given(hostile_text(), st.none() | st.builds(ReplyContext, st.sampled_from(list(Role))))
@example("", None)
@example("\x00" * 5000, None)
@example("🆘" * 3000, None)
@example("<b>198号楼</b> &amp; 救命", None)
@example("0号楼0号楼", None)  # found by this test: read as building "0"
def test_any_text_reads_as_a_valid_reading(text: str, context: ReplyContext | None) -> None:
    reading = read_message(text, context)
    assert reading.kind in Kind
    assert reading.category is None or reading.category in CATEGORIES
    assert reading.building is None or CANONICAL_BUILDING.fullmatch(reading.building), reading.building
    assert 1 <= reading.people_needed <= 20
    assert 0.0 <= reading.confidence <= 1.0 and 0.0 <= reading.request_probability <= 1.0
    allowed = context.allowed_kinds() if context else None
    # An emergency is a request whoever writes it, in reply to anything (safety before context).
    assert allowed is None or reading.kind in allowed or reading.emergency, (reading.kind, allowed)


@given(st.integers(1, 999), st.sampled_from(ZERO_WIDTH), st.integers(0, 3), st.sampled_from(["号楼", "栋", "座"]))
@example(198, "\u200b", 1, "号楼")  # found by this test: read as building 98
@example(198, "\u202e", 2, "号楼")
def test_invisible_characters_inside_a_building_number_do_not_change_it(
    number: int, invisible: str, at: int, marker: str
) -> None:
    digits = str(number)
    cut = min(at, len(digits))
    text = f"要下雨啦,{digits[:cut]}{invisible}{digits[cut:]}{marker}谁在家,请帮我收下被子!"
    assert read_message(text).building == digits
