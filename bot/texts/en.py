"""English texts. Keys and placeholders must match bot/texts/zh.py (tests/unit/test_render.py checks).

Keys a handler answers a button press with (own_request, claim_*, thanks…) are shown as plain-text
toasts too, so they carry no markup and stay well under Telegram's 200-character toast limit.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.texts import shapes

# The shapes (bot/texts/shapes.py) with this locale's phrases.
_volunteer_ok = shapes.volunteer_ok(
    "en",
    shapes.VolunteerOk(
        thanks="🙌 Thank you, {name}! You are registered as a volunteer in <b>building {building}</b>.",
        skills="Skills: ",
        no_skills="No skills yet, and that is fine: anyone can bring in washing or run an errand. "
        "Add some any time with /volunteer building skills.",
        unknown="I didn't recognise these words, so I skipped them: ",
        open_link="📩 Please open {link} and start a chat with me, so I can tell you privately when needed.",
        send_start="📩 Please send me /start in a private chat, so I can tell you privately when needed.",
        separator=", ",
    ),
)
_me_claim = shapes.me_claim("building {building}", "no building given")
_unknown_building = shapes.unknown_building(
    "🤔 I don't know building {building}.", "Buildings in this compound: {known}"
)

# /help: one entry per command, composed in the command table's order.
_HELP_LINES = {
    "ask": "/ask what you need — ask for help when I did not see it was a request",
    "volunteer": "/volunteer building skills — register as a volunteer, e.g. "
    "<code>/volunteer 198 electrician cook</code>\n"
    "/volunteer off · /volunteer on — pause · resume calls",
    "home": "/home building — tell me which building you live in",
    "open": "/open — requests still waiting",
    "me": "/me — your volunteer profile and the requests you hold",
    "hours": "/hours 18:00-22:00 · /hours any — when you can help",
    "quiet": "/quiet 22:00-07:00 · /quiet off — quiet hours (emergencies still reach you)",
    "load": "/load 2 — how many requests you take on at once (1–5)",
    "serve": "/serve · /serve off — in another community's group: I serve here too (双报到)",
    "vet": "/vet user_id · /vet off user_id — vouch for a volunteer (community secretaries)",
    "volunteers": "/volunteers — the resource list: volunteers and offers (secretaries)",
    "concerns": "/concerns — the list of concerns, most-raised first (secretaries)",
    "concern": "/concern N [status S | owner me | note … | outcome …] — one concern (secretaries)",
    "agenda": "/agenda [YYYY-MM-DD] — the next meeting's agenda from open concerns (secretaries)",
    "report": "/report [period] [building N] [category] — figures (community secretaries); "
    "/report chart — as charts\n"
    "  periods: today · yesterday · week · month · all · 2025-06 · 2025-06-01..2025-06-15",
    "export": "/export [period] — the records as XLSX and CSV (privately, to community secretaries)",
    "roster": "/roster — the visit roster (secretaries): <code>/roster add building @carer name [3/5] "
    "[elderly|disabled|ill]</code> · <code>/roster off number</code>",
    "setup": "/setup — in a group not yet configured: bind it to a compound and its buildings (secretaries)",
    "secretary": "/secretary · /secretary add|remove user_id or @username — the community's secretaries",
    "forget": "/forget yes — in private: delete your personal data (counts stay)",
}
_HELP = shapes.help_text(
    "🏘 <b>Jinlin · neighbours helping neighbours</b>\n"
    "Need a hand? Just say it in the group in your own words, e.g. “rain is coming, anyone in "
    "building 198 who can bring in my quilt?”. I find suitable neighbours nearby; whoever can help "
    "presses “I'll help”.\n"
    "Reply to your request with “never mind” to cancel it, or “done, thanks” when it's done.\n\n",
    _HELP_LINES,
    "Or send me /start volunteer in a private chat and register step by step with buttons.",
)


TEXTS: dict[str, str | Callable[..., str]] = {
    # --- when the reader is unsure, and corrections ------------------------------------
    "suggest_ask": "🤔 Would you like to ask the neighbours for help? Press the button below, or reply to this.",
    "btn_suggest_ask": "🙋 Ask the neighbours",
    "suggest_not_yours": "Only the person who wrote that message can press this. Thank you for caring!",
    "suggest_gone": "This suggestion has expired. To ask for help, send /ask and what you need.",
    "suggest_ok": "Done: your request is out.",
    "ask_usage": "Usage: /ask what you need, e.g. <code>/ask could someone in building 198 collect my parcel</code>",
    "ask_group_only": "Please send /ask in your compound's group, where neighbours can see it.",
    "btn_not_request": "🙅 Not a request",
    "not_request_ok": "Withdrawn: not a request. Thanks, this helps me learn.",
    "only_requester_withdraws": "Only the requester can withdraw #{id}.",
    # --- commands ------------------------------------------------------------------------
    "help": _HELP,
    "welcome": (
        "👋 Hello, I'm <b>Jinlin</b> (近邻): I help neighbours help each other.\n"
        "Need something? Just say it in the group. Want to help? Register with "
        "<code>/volunteer building skills</code>, e.g. <code>/volunteer 198 doctor</code>, "
        "or send /start volunteer to do it step by step with buttons. More: /help"
    ),
    "setup": (
        "⚙️ This chat is not configured yet. Operator: add this chat's id <code>{chat_id}</code> to a "
        "compound's <code>chats</code> in config.toml and restart the bot, or a community secretary sends "
        "/setup here and binds it with buttons.\n"
        "Also turn privacy mode off in BotFather (/setprivacy → Disable) or make me an admin of this group, "
        "otherwise I cannot see ordinary messages here."
    ),
    "unknown_command": "🤷 I don't know that command. Send /help to see what I can do.",
    "volunteer_usage": (
        "Usage: <code>/volunteer building skills…</code>, e.g. <code>/volunteer 198 electrician cook</code>\n"
        "Pause: <code>/volunteer off</code> · resume: <code>/volunteer on</code>\n"
        "Thanked by name in the monthly results: <code>/volunteer name on</code> · "
        "not: <code>/volunteer name off</code>"
    ),
    "volunteer_ok": _volunteer_ok,
    "volunteer_paused": "⏸ Paused: I won't call you for now. Send /volunteer on to resume.",
    "volunteer_resumed": "▶️ Welcome back! I'll call you when a neighbour needs help.",
    "volunteer_unknown": (
        "You are not registered as a volunteer yet. Send <code>/volunteer building skills</code>, "
        "e.g. <code>/volunteer 198 electrician</code>."
    ),
    "unknown_building": _unknown_building,
    "home_usage": (
        "Usage: <code>/home building</code>, e.g. <code>/home 198</code>.\n"
        "When your request names no building, I'll look for help near yours."
    ),
    "home_ok": "🏠 Got it: you live in <b>building {building}</b>.",
    "report_refused": "🙏 Sorry, reports are for community secretaries only. Please ask your residents' committee.",
    "report_usage": "Usage: <code>/report [period] [building N] [category] [chart]</code>\nPeriods: {periods}",
    "hours_usage": (
        "Usage: <code>/hours 18:00-22:00</code>; separate several windows with commas, e.g. "
        "<code>/hours 07:00-09:00,18:00-22:00</code>. <code>/hours any</code> means any time."
    ),
    "hours_ok": "🕘 Got it: you can help {hours}.",
    "hours_any_ok": "🕘 Got it: I may call you at any time (outside your quiet hours).",
    "quiet_usage": (
        "Usage: <code>/quiet 22:00-07:00</code> sets your quiet hours, <code>/quiet off</code> removes them. "
        "Emergencies still reach you."
    ),
    "quiet_ok": "🌙 Quiet hours: {quiet}. Only emergencies will reach you then.",
    "quiet_off_ok": "🌙 Quiet hours off: I may call you at any time.",
    "load_usage": "Usage: <code>/load number</code>: how many requests you take on at once (1–{most}).",
    "load_ok": "👌 OK: at most {n} at once; while you hold that many I won't call you.",
    "serve_usage": (
        "Send <code>/serve</code> in the group of the other community you also serve (双报到); "
        "<code>/serve off</code> there stops it."
    ),
    "serve_ok": "🤝 Thank you! You now also serve <b>{community}</b>; I'll call you when nobody nearer can help.",
    "serve_off_ok": "Done: requests in <b>{community}</b> will no longer call you.",
    "serve_home": "<b>{community}</b> is already your home community.",
    "serve_too_many": "You can serve at most {most} other communities. Send <code>/serve off</code> in one first.",
    "vet_usage": "Usage: <code>/vet user_id</code> to vouch for a volunteer, <code>/vet off user_id</code> to undo.",
    "vet_refused": "🙏 Sorry, only a secretary of the volunteer's own community can vouch for them.",
    "vet_unknown": "User {user_id} is not registered as a volunteer.",
    "vet_ok": "✔️ {name} is now vetted: they are called first for help inside people's homes.",
    "unvet_ok": "{name} is no longer vetted.",
    "me_claims": "📌 <b>Requests you hold ({count})</b>",
    "me_claim": _me_claim,
    # --- the private guided registration (/start volunteer) ---------------------------------
    "reg_building": "🙋 <b>Volunteer sign-up · step 1 of 3</b>\nWhich building do you live in? Tap it below.",
    "reg_building_type": (
        "🙋 <b>Volunteer sign-up · step 1 of 3</b>\nThere are too many buildings for buttons. Please send "
        "<code>/volunteer building</code>, e.g. <code>/volunteer 198</code>, then carry on with the buttons."
    ),
    "reg_keep": "✓ Stay in building {building}",
    "reg_skills": (
        "🛠 <b>Step 2 of 3: skills</b> · building {building} · {compound}\n"
        "Tap what you can do (tap again to remove), then “Next”. No special skills? That's fine: "
        "anyone can bring in washing or run an errand."
    ),
    "reg_skill": shapes.skill("en"),
    "reg_next": "Next ➡️",
    "reg_back": "⬅️ Back",
    "reg_hours": (
        "🕘 <b>Step 3 of 3: times</b> · building {building}\n"
        "When can you usually help? Pick any; “Any time” means whenever.\n"
        "During quiet hours (22:00–07:00 unless you set others) only emergencies reach you. Then tap “Done”."
    ),
    "reg_hours_any": "Any time",
    "reg_hours_morning": "Mornings 07–09",
    "reg_hours_day": "Daytime 09–18",
    "reg_hours_evening": "Evenings 18–22",
    "reg_quiet_on": "🌙 Quiet at night: on",
    "reg_quiet_off": "🔔 Quiet at night: off",
    "reg_done": "✅ Done",
    "reg_saved": (
        "🎉 <b>You're registered. Thank you!</b> I'll message you here when a neighbour needs you. "
        "Send /start volunteer again to change anything, or use /hours, /quiet, /load, /volunteer off."
    ),
    "reg_saved_toast": "Saved. Thank you!",
    "reg_expired": "This menu is out of date. Please send /start volunteer again.",
    # --- answers to a claim, done, cancel or a button (also shown as toasts) ---------------
    "own_request": "This is your own request: let a neighbour claim it.",
    "not_yours": "Only a helper or the requester can do that to #{id}.",
    "already_closed": "#{id} is already closed.",
    "only_requester_cancels": "Only the requester can cancel #{id}.",
    "claim_taken": "#{id} was already claimed by {claimers}. Thank you all the same!",
    "claim_closed": "#{id} is already closed. Thank you all the same!",
    "claim_already_yours": "You have already claimed #{id}.",
    "claim_missing": "I can't find that request any more.",
    "claim_cancelled_by_requester": "🙏 #{id} was cancelled by the requester: no need to go. Thank you!",
    "private_hint": (
        "💬 Please post requests in your compound's group, where neighbours can see them. "
        "Here I can help with: /volunteer to sign up · /me for your record · /help."
    ),
    "claim_won": "🙏 It's yours! Please get in touch with the requester soon.",
    "thanks": "✅ Thank you for helping!",
    "cancelled_ok": "Cancelled.",
    "released_ok": "Released: I'll find another neighbour.",
    "decline_ok": "OK, I'll ask the next neighbour.",
    "decline_noop": "This request no longer needs you. Thank you!",
    "button_unknown": "This button no longer works.",
    # --- the bot speaking up in the group ---------------------------------------------------
    "emergency": (
        "🚨 <b>Emergency! Call {number} NOW!</b>\n<b>Call first, then wait for neighbours.</b> "
        "Neighbours nearby are being alerted too."
    ),
    "still_looking": "⏳ Still looking for someone to help with #{id}; the community secretary has been told.",
    "expired_notice": "⌛ Sorry, nobody could take #{id} in time, so it is closed. Post again if you still need help.",
    "offer_ack": "🙏 Thank you! Recorded in the resource list (#{id}); neighbours in need can find you.",
    "concern_ack": "📝 Recorded in the list of concerns (#{id}) and passed on to the residents' committee.",
    # --- setMyCommands (plain text) ---------------------------------------------------------
    "cmd_help": "How to use Jinlin",
    "cmd_ask": "Ask the neighbours for help: /ask what you need",
    "cmd_volunteer": "Register as a volunteer: /volunteer building skills",
    "cmd_home": "Set your building: /home building",
    "cmd_open": "Requests still waiting",
    "cmd_me": "Your volunteer profile",
    "cmd_report": "Figures for community secretaries",
    "cmd_hours": "When you can help: /hours 18:00-22:00",
    "cmd_quiet": "Quiet hours: /quiet 22:00-07:00 or off",
    "cmd_load": "Most requests at once: /load 2",
    "cmd_serve": "Also serve this community (双报到)",
    "cmd_vet": "Vouch for a volunteer (secretaries)",
    # --- pieces of cards, calls and lists ---------------------------------------------------
    "cat_laundry": "washing",
    "cat_errand": "errand",
    "cat_repair": "repair",
    "cat_medical": "medical",
    "cat_elderly": "elderly care",
    "cat_childcare": "childcare",
    "cat_pet": "pet",
    "cat_moving": "moving",
    "cat_tech": "phone & computer",
    "cat_legal": "legal",
    "cat_meal": "meal",
    "cat_transport": "lift",
    "cat_borrow": "borrow",
    "cat_safety": "safety",
    "cat_facility": "facility",
    "cat_sanitation": "sanitation",
    "cat_noise": "noise",
    "cat_other": "other",
    "status_open": "waiting",
    "status_claimed": "claimed",
    "status_done": "done",
    "status_cancelled": "cancelled",
    "status_expired": "expired",
    "btn_claim": "🙋 I'll help",
    "btn_cancel": "Cancel",
    "btn_done": "✅ Done",
    "btn_release": "↩️ Release",
    "btn_decline": "🙅 Can't help",
    "building": "building {building}",
    "no_building": "no building given",
    "tag_urgent": "urgent ⚡",
    "tag_emergency": "emergency 🚨",
    "needs": "needs {n} people",
    "calling": "📣 Calling: {names}",
    "partial": "🙋 {count}/{needed} claimed: {names}",
    "claimed_by": "🙋 Claimed by {names}",
    "done_by": "✅ Done, thanks to {names}!",
    "done_plain": "✅ Done",
    "cancelled_line": "❌ Cancelled by the requester",
    "expired_line": "⌛ Expired: nobody could help in time",
    "more_people": "and {n} more",
    "call_title": "📣 <b>A neighbour needs help</b>",
    "call_from": "From {name} · posted {time}",
    "call_hint": (
        "If you can help, press “I'll help” and get in touch in the group; "
        "if not, press “Can't help” and I'll ask the next neighbour."
    ),
    "follow_up": (
        "⏰ <b>Is #{id} done?</b> Press “Done” if so; if you can't make it, press “Release” so another neighbour can."
    ),
    "escalated_to_secretary": "⬆️ <b>#{id} was posted {age} ago and nobody has taken it</b>: please help find someone.",
    "overdue_to_secretary": "⏰ <b>#{id} was claimed by {claimers} {age} ago and is not done</b>: please follow up.",
    "where": "📍 {place}",
    "dur_now": "under a minute",
    "dur_min": "{n} min",
    "dur_h": "{n} h",
    "dur_d": "{n} d",
    "ago": "{age} ago",
    "list_title": "📋 <b>Open requests</b> ({total})",
    "list_empty": "🌤 No open requests right now: all is well in the neighbourhood.",
    "list_more": "…and {n} more",
    "report_title": "📊 <b>Requests · {period}</b>",
    "period_today": "today",
    "period_week": "this week",
    "period_month": "this month",
    "period_all": "all time",
    "report_totals": (
        "{total} in all: ✅ done {done} · 🙋 claimed {claimed} · ⏳ waiting {open} · "
        "❌ cancelled {cancelled} · ⌛ expired {expired}"
    ),
    "report_medians": "⏱ median time to claim {claim} · to done {done}",
    "report_buildings": "🏢 Buildings: {items}",
    "report_categories": "🏷 Categories: {items}",
    "profile_title": "🙋 <b>Volunteer {name}</b>",
    "profile_home": "🏠 building {building} · {compound} · {community}",
    "profile_also": "🤝 Also serves: {communities}",
    "profile_skills": "🛠 Skills: {skills}",
    "profile_no_skills": "none yet",
    "profile_hours": "🕘 Available: {hours}",
    "profile_any_time": "any time",
    "profile_quiet": "🌙 Quiet hours: {quiet}",
    "profile_no_quiet": "none",
    "profile_paused": "⏸ Paused (send /volunteer on to resume)",
    "profile_active": "▶️ Taking calls",
    "profile_vetted": "✔️ Vetted",
    "profile_record": "📈 open {open} · kept {kept} · released {released} · expired {expired}",
    "digest_empty": "🗞 <b>{community}</b>: no open requests today 🎉",
}
