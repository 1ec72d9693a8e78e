"""The presenter: a handler's answer in the Telegram shape of how the command came.

A button press always gets its answer as a toast (Telegram shows a spinner until it is answered,
even with no text); words get a reply only when there is something to say. Use cases therefore
never ask whether they were reached by a button or by a message.
"""

from __future__ import annotations

from handlers.chat import AnswerButton, ButtonPress, ChatEvent, Outcome, Send
from handlers.ports import UnitOfWork


async def present(uow: UnitOfWork, event: ChatEvent, outcome: Outcome) -> None:
    if isinstance(event, ButtonPress):
        answer = AnswerButton(event.callback_id, outcome.answer or outcome.toast)
        await uow.outbox.add(answer, request_id=outcome.request_id)
    elif outcome.answer is not None:
        reply = Send(event.chat_id, outcome.answer, reply_to_message_id=event.message_id)
        await uow.outbox.add(reply, request_id=outcome.request_id)
