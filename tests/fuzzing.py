"""Hypothesis profiles and hostile inputs shared by the property-based tests.

`JINLIN_FUZZ=long` (`make fuzz`) runs every property 10,000 times; the normal run (`make test`,
CI) runs a few hundred, derandomised so that CI is repeatable. `--hypothesis-show-statistics`
prints how many examples each property ran.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

settings.register_profile(
    "ci", max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
PROFILE = os.environ.get("JINLIN_FUZZ", "ci")
settings.load_profile(PROFILE)

# What real chats send that plain text strategies rarely hit.
ODD = [
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
    "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff", "\u00ad", "\u2060", "\x00", "\x07", "\x1b", "\r", "\t",
    "\n", "\u3000", "\u0301", "\ufffd",
]
MARKUP = [
    "<b>", "</b>", "<u>x</u>", "<s>", "<pre>", "<tg-spoiler>", "<ins>", "<a href='tg://user?id=1'>", "&amp;",
    "&lt;", "&", "<", ">", "<<>>", "*bold*", "_it_", "`code`", "[link](http://x)", "{id}", "{0}", "%s",
]
WORDS = [
    "198号楼", "197栋", "B座", "5-2-301", "帮忙", "救命", "我来", "收好了", "不用了", "谢谢", "谁能帮我", "快递",
    "取件码 3-2-1108", "13812345678", "help", "on my way", "done", "never mind", "building 198", "120",
    "摔倒了", "喘不上气", "🙋", "🆘", "👨‍👩‍👧", "１９８号楼", "幫我", "一百九十八号楼",
]
# Bits that the renderer never writes itself: seeing one in an outgoing message means a user's
# text went out unescaped.
CANARIES = ("<u>", "<s>", "<pre>", "<tg-spoiler>", "<ins>")

_CHARS = st.characters(codec="utf-8")  # every code point but the surrogates


@st.composite
def hostile_text(draw: st.DrawFn, *, long: bool = True) -> str:
    pieces = draw(st.lists(st.one_of(st.text(_CHARS, max_size=30), st.sampled_from(ODD + MARKUP + WORDS)),
                           max_size=12))
    text = "".join(pieces)
    if long and draw(st.integers(0, 19)) == 0:
        # Past Telegram's 4096 (a forwarded document, or a client that does not enforce it).
        text = (text or "帮") * (4200 // max(1, len(text or "帮")) + 1)
    return text
