"""Availability, the plain way: the reference that `scoring.available` is checked against.

`available` is the hot loop's version (no function calls per volunteer); this one says the same
with HourWindow.contains, and the randomized equivalence tests compare the two through rank()
and select_calls().
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from handlers.matching.model import Candidate
from handlers.matching.scoring import (
    _UNSEEN,
    REASON_BUSY,
    REASON_HOURS,
    REASON_PAUSED,
    REASON_QUIET,
    Context,
    _any_open,
)


def split_by_reason(
    bucket: Sequence[Candidate], ctx: Context, exclude: Collection[int]
) -> tuple[list[Candidate], list[Candidate], list[str]]:
    """(available, unavailable, their reasons) of a bucket, each in bucket order.

    The plain version of `available`, using HourWindow.contains itself: the randomized
    equivalence tests compare the two through rank() and select_calls().
    """
    moment = ctx.moment
    respect_quiet = ctx.respect_quiet
    ready: list[Candidate] = []
    unavailable: list[Candidate] = []
    reasons: list[str] = []
    keep = ready.append
    last_quiet: object = _UNSEEN
    in_quiet = False
    last_hours: object = _UNSEEN
    in_hours = False
    for candidate in bucket:
        v = candidate.volunteer
        if exclude and v.user_id in exclude:
            continue
        if v.paused:
            reason = REASON_PAUSED
        elif candidate.record.open_claims >= v.max_open_claims:
            reason = REASON_BUSY
        else:
            hours = v.hours
            if hours and hours is not last_hours:
                last_hours = hours
                in_hours = _any_open(hours, moment)
            quiet = v.quiet
            if quiet is not last_quiet:
                last_quiet = quiet
                in_quiet = quiet is not None and quiet.contains(moment)
            if hours and not in_hours:
                reason = REASON_HOURS
            elif respect_quiet and in_quiet:
                reason = REASON_QUIET
            else:
                keep(candidate)
                continue
        unavailable.append(candidate)
        reasons.append(reason)
    return ready, unavailable, reasons
