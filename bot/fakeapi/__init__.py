"""A fake Telegram Bot API server speaking real HTTP, for e2e tests and the demo.

Deliberately free of aiogram/telegram imports: it only knows Bot API JSON, so
both transports are exercised exactly as against api.telegram.org.
"""

from .errors import ApiError
from .flood import FloodLimits
from .models import Failure, Json, RecordedCall
from .server import FakeBotApi

__all__ = ["ApiError", "Failure", "FakeBotApi", "FloodLimits", "Json", "RecordedCall"]
