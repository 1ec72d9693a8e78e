"""An interrupted call: an outbox item leased again with the attempt marker of an earlier call that
never ended (storage/outbox_started.py). Its sender died between the Bot API call and recording
what it meant (kill -9, the OOM killer, a call cancelled at stop), so Telegram may or may not have
it, and the Bot API cannot be asked which. The rule (README, *Delivery under faults*):

- an edit, a deletion or a button's answer goes again: done twice, it shows nothing twice (an
  unchanged edit and a message already deleted count as success);
- a message that would appear a second time (a card, a call, a reply, a file) counts as delivered,
  without its message id (edits of it then find nothing), with a warning in the log and the note
  "assumed delivered" kept on its outbox row: no card is posted twice;
- except an urgent message ("call 120") or one about an emergency request (its card): with no way
  to tell, those go again, because a duplicate beats a lost emergency.

An item leased ahead but never started has no marker and is sent as usual.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.sender_parts import describe
from handlers.chat import Send, SendFile
from storage.queue import OutboxQueue, PendingAction

log = logging.getLogger("bot.sender")

ASSUMED = "assumed delivered: its sender stopped during the call (begun {at})"


def resend_interrupted(item: PendingAction) -> bool:
    """Whether an interrupted item goes again (True) or counts as delivered (False)."""
    if not isinstance(item.action, Send | SendFile):
        return True  # idempotent
    return item.urgent or (item.interrupted is not None and item.interrupted.emergency)


def note_resend(item: PendingAction) -> None:
    method, chat_id, ref = describe(item.action)
    if not isinstance(item.action, Send | SendFile):
        why = "doing it twice changes nothing"
    else:
        why = "urgent" if item.urgent else "about an emergency"
    log.warning("%s to chat %s (ref %s) was under way when its sender stopped; sent again (%s, outbox #%d)",
                method, chat_id, ref, why, item.id)  # fmt: skip


async def assume_delivered(queue: OutboxQueue, item: PendingAction, now: datetime) -> None:
    assert item.interrupted is not None
    method, chat_id, ref = describe(item.action)
    log.warning(
        "%s to chat %s (ref %s) was under way when its sender stopped; assumed delivered, not sent again "
        "(outbox #%d)", method, chat_id, ref, item.id,
    )  # fmt: skip
    await queue.assumed_sent(item, now, ASSUMED.format(at=item.interrupted.started_at.isoformat(timespec="seconds")))
