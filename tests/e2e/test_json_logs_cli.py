"""`[bot] log_format = "json"` reaches the command line's logging: every line on stderr is one object."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def test_every_log_line_is_a_json_object(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[bot]\nlog_format = "json"\n[database]\nurl = "sqlite+aiosqlite:///{tmp_path / "x.db"}"\n',
                      encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "JINLIN_DATABASE_URL"}
    done = subprocess.run([sys.executable, "-m", "bot", "db", "upgrade", "--config", str(config)],
                          capture_output=True, text=True, timeout=120, env=env, check=True)
    lines = [json.loads(line) for line in done.stderr.splitlines()]
    assert any(entry["logger"].startswith("alembic") and "0001" in entry["message"] for entry in lines)
    assert all(set(entry) == {"time", "level", "logger", "message", "update_id", "request_id"} for entry in lines)
    assert all(entry["time"].endswith("+00:00") for entry in lines)
