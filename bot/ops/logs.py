"""`[bot] log_format = "json"`: one JSON object a line, for a log shipper.

Every line has `time` (UTC, ISO 8601), `level`, `logger`, `message`, and `update_id` and
`request_id` (null where unknown: the core sets them around the handling of each update,
handlers/ports/observer.py); a traceback goes under `exception`.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        # Imported here: the ports package costs `jinlin parse`, which logs no JSON, 30 ms at start-up.
        from handlers.ports.observer import CURRENT_REQUEST, CURRENT_UPDATE

        # Handlers run in the logging call's own context, so the ids are the caller's.
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "update_id": CURRENT_UPDATE.get(),
            "request_id": CURRENT_REQUEST.get(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(level: str, log_format: str = "text") -> None:
    """Text lines to stderr unless logging is set up already (as by a host process); with "json",
    every handler of the root logger writes JSON lines instead."""
    logging.basicConfig(level=level, format=TEXT_FORMAT)
    if log_format == "json":
        for handler in logging.getLogger().handlers:
            handler.setFormatter(JsonFormatter())
