"""config.toml's [visits] section and the published results' [jobs] keys."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.config import ConfigError, load_config, parse_config

ROOT = Path(__file__).resolve().parents[2]


def test_visits_and_results_default_to_three_days_five_days_and_off() -> None:
    config = parse_config({})
    cadence = config.policy.visits
    assert (cadence.contact_every, cadence.visit_every) == (3, 5)
    assert cadence.remind_at == time(9, 0) and cadence.overdue_after == timedelta(days=1)
    assert config.jobs.publish_results is False and config.jobs.publish_at == time(10, 0)
    shipped = load_config(ROOT / "config.toml")
    assert shipped.policy.visits == cadence and shipped.jobs.publish_results is False


def test_visits_and_results_are_read() -> None:
    config = parse_config({
        "visits": {"contact_every": 2, "visit_every": 7, "remind_at": "08:30", "overdue_after": "12h"},
        "jobs": {"publish_results": True, "publish_at": "09:15"},
    })
    cadence = config.policy.visits
    assert (cadence.contact_every, cadence.visit_every, cadence.remind_at) == (2, 7, time(8, 30))
    assert cadence.overdue_after == timedelta(hours=12)
    assert config.jobs.publish_results is True and config.jobs.publish_at == time(9, 15)


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ({"visits": {"contact_every": 6, "visit_every": 5}}, "contact_every"),
        ({"visits": {"contact_every": 0}}, "contact_every"),
        ({"visits": {"remind_at": "9am"}}, "remind_at"),
        ({"visits": {"overdue_after": "soon"}}, "overdue_after"),
        ({"jobs": {"publish_results": "yes"}}, "publish_results"),
    ],
)
def test_bad_visit_settings_are_named(raw: dict[str, Any], names: str) -> None:
    with pytest.raises(ConfigError, match=names):
        parse_config(raw)
