"""aiogram reads every Bot API answer as Response[<the method's result type>]. pydantic keeps such a
parametrised class in a weak cache, so without a reference of our own a garbage collection drops it
and the next answer pays for building its schema again (4-5 ms of CPU, on every card)."""

from __future__ import annotations

import gc
import json
import weakref

from aiogram import Bot
from aiogram.methods import SendMessage
from aiogram.methods.base import Response
from aiogram.types import Message

from bot.transports.aiogram_transport import _Session

ANSWER = json.dumps({"ok": True, "result": {"message_id": 7, "date": 0, "chat": {"id": -1, "type": "group"}}})


def test_the_answer_type_of_a_card_outlives_a_garbage_collection() -> None:
    session = _Session()
    bot = Bot("123:abc", session=session)
    method = SendMessage(chat_id=-1, text="card")

    message_id = session.check_response(bot=bot, method=method, status_code=200, content=ANSWER).result.message_id
    kept = weakref.ref(Response[Message])
    gc.collect()

    assert message_id == 7
    assert kept() is not None
    assert Response[Message] is kept()
