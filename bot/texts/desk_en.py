"""English texts of the secretary's desk (bot/texts/desk.py, handlers/desk/). Keys match desk_zh.py."""

from __future__ import annotations

from collections.abc import Callable

TEXTS: dict[str, str | Callable[..., str]] = {
    # --- who may, and where it goes ---------------------------------------------------------
    "desk_refused": "🙏 Sorry, this is for the community's secretaries only.",
    "desk_sent_privately": "📬 Sent to you privately.",
    "desk_start_first": (
        "📬 This answer names people, so I send it privately. Please open a chat with me first: "
        "https://t.me/{bot_username}?start=desk, then ask again."
    ),
    "btn_page_back": "◀ Back",
    "btn_page_next": "Next ▶",
    "desk_page_of": "Page {page}/{pages}",
    # --- the three lists ----------------------------------------------------------------------
    "desk_title_open": "📋 <b>Demand list · open requests</b>{place} ({total}, oldest first)",
    "desk_title_volunteers": "🧰 <b>Resource list</b>{place} ({total})",
    "desk_title_concerns": "📝 <b>List of concerns</b>{place} ({total}, most-raised first)",
    "desk_empty_open": "🌤 No open requests: all is well.",
    "desk_empty_volunteers": "No volunteers or offers yet.",
    "desk_empty_concerns": "No concerns recorded yet.",
    "desk_section_volunteers": "<b>Volunteers</b> (by building and skill)",
    "desk_section_offers": "<b>Offers posted in the chats</b>",
    "desk_waited": "⏳ {age} so far",
    "desk_called": "📣 called: {names}",
    "desk_nobody_called": "📣 nobody called yet",
    "desk_declined": "{n} said they can't",
    "desk_load": "holds {open}/{most}",
    "desk_record": "kept {kept} · released {released} · expired {expired}",
    "desk_paused": "⏸ paused",
    "desk_active": "▶️ active",
    "desk_offer_valid": "valid until {date}",
    "desk_offer_expired": "expired",
    # --- one concern ------------------------------------------------------------------------------
    "concern_status_raised": "raised",
    "concern_status_tabled": "📌 tabled",
    "concern_status_in_hand": "🔧 in hand",
    "concern_status_fixed": "✅ fixed",
    "concern_status_declined": "🙅 declined",
    "concern_count": "👥 {residents}",
    "concern_title": "📝 <b>Concern #{id}</b> · {building} · {category}",
    "concern_status": "Status: {status}",
    "concern_raised_by": (
        "👥 Raised by {residents} residents ({raised} times, in {chats} group(s)) · first {first} · latest {last}"
    ),
    "concern_owner": "👤 Owner: {name}",
    "concern_no_owner": "👤 Owner: nobody yet",
    "concern_meeting": "🗓 Tabled for the meeting of {date}",
    "concern_note": "🗒 Note: {note}",
    "concern_outcome": "🏁 Outcome: {outcome}",
    "btn_concern_tabled": "📌 Tabled",
    "btn_concern_in_hand": "🔧 In hand",
    "btn_concern_fixed": "✅ Fixed",
    "btn_concern_declined": "🙅 Declined",
    "btn_concern_me": "👤 I'll own it",
    "concern_updated": "Concern #{id} updated.",
    "concern_usage": (
        "Usage: <code>/concern N</code> shows concern N; then <code>/concern N status S</code> ({statuses}), "
        "<code>/concern N owner me|@user|id</code>, <code>/concern N note text</code>, "
        "<code>/concern N outcome text</code>."
    ),
    "concern_unknown": "I know no concern #{id} in your communities.",
    "concern_owner_unknown": "I don't know {who}: use me, an @username I have seen, or a user id.",
    "concern_merged": (
        "📝 Added to concern #{id}: {count} neighbours have raised this. Passed on to the residents' committee."
    ),
    "concern_fixed_notice": (
        "✅ <b>Fixed</b>: the concern neighbours raised here ({count}) is resolved.\n<blockquote>{text}</blockquote>"
    ),
    "concern_fixed_outcome": "🏁 {outcome}",
    # --- the meeting's agenda ---------------------------------------------------------------------
    "agenda_title": "🗓 <b>Residents' meeting agenda</b> · {date}{place}",
    "agenda_next": "next meeting",
    "agenda_empty": "No open concerns to table. 🎉",
    "agenda_tabled_now": "📌 {n} raised concern(s) tabled for this meeting.",
    "agenda_usage": (
        "Usage: <code>/agenda</code> or <code>/agenda YYYY-MM-DD</code> (the meeting's date, today or later)."
    ),
}
