"""English texts of the desk beside desk_en.py: visit rosters, /setup, /secretary, results, digest."""

from __future__ import annotations

from collections.abc import Callable, Sequence


def _thanks(names: Sequence[str], dones: Sequence[int]) -> str:
    return "🌟 Thank you, " + ", ".join(f"{n} ({d})" for n, d in zip(names, dones, strict=False))


def _name_usage(named: bool) -> str:
    now = "Now: you are thanked by name." if named else "Now: your name is not published."
    return ("Usage: <code>/volunteer name on</code> to be thanked by name in the monthly results · "
            f"<code>/volunteer name off</code> to stay unnamed.\n{now}")


TEXTS: dict[str, str | Callable[..., str]] = {
    # --- roles ---------------------------------------------------------------------------
    "secretary_only": "🙏 Sorry, this command is for the community's secretaries only.",
    "person_unknown": "🤔 I don't know {who} yet. Ask them to send me /start privately, or use their numeric user id.",
    "cmd_roster": "The visit roster (secretaries)",
    "cmd_setup": "Bind this group to a compound (secretaries)",
    "cmd_secretary": "The community's secretaries (secretaries)",
    # --- visit rosters -------------------------------------------------------------------
    "roster_usage": (
        "Usage:\n<code>/roster</code> — the visit roster: who is due today, who is overdue\n"
        "<code>/roster add building @carer_or_id name [3/5] [elderly|disabled|ill]</code>, e.g. "
        "<code>/roster add 198 @chen Mrs Zhang 3/5 elderly</code> (3/5: contact every 3 days, visit every 5)\n"
        "<code>/roster off number</code> — take someone off the roster"
    ),
    "roster_unknown_building": "🤔 There is no building {building} in your communities. See /roster add.",
    "roster_added": (
        "✅ On the visit roster as #{id}: {name} (building {building}, {need}).\n"
        "Carer {carer}: a contact every {contact} days, a visit every {visit}; the first reminder goes out now."
    ),
    "roster_carer_not_started": "⚠️ {carer} has not started a private chat with me and cannot be reminded: "
    "ask them to send me /start.",
    "roster_no_entry": "🤔 There is no #{id} on your visit roster. Send /roster to see it.",
    "roster_off": "✅ #{id} {name} is off the visit roster.",
    "roster_title": "🏠 <b>Visit roster</b> ({count})",
    "roster_empty": "🏠 The visit roster is empty. Add someone with <code>/roster add building @carer name</code>.",
    "roster_item": "#{id} <b>{name}</b> · building {building} · {need} · carer {carer}",
    "roster_cadence": "   contact every {contact} d (next {next_contact}) · visit every {visit} d (next {next_visit})",
    "roster_due_contact": "contact due today",
    "roster_due_visit": "visit due today",
    "roster_overdue": "⚠️ visit overdue",
    "need_elderly": "elderly, alone",
    "need_disabled": "disabled",
    "need_ill": "ill",
    "need_other": "needs looking in on",
    # --- reminders and answers -----------------------------------------------------------
    "visit_remind_contact": "📞 <b>Please get in touch with {name} today</b> ({compound}, building {building}, "
    "{need}): a call or a message.",
    "visit_remind_visit": "🏠 <b>Please visit {name} today</b> ({compound}, building {building}, {need}).",
    "visit_remind_hint": "Press a button when it's done; reply to this message to add a note.",
    "btn_visit_contacted": "📞 Contacted",
    "btn_visit_visited": "🏠 Visited",
    "btn_visit_needs_help": "🆘 Needs help",
    "visit_answered": "{name} (building {building}): recorded “{answer}”.\nReply to this message to add a note.",
    "visit_ok_contacted": "Recorded: contacted. Thank you!",
    "visit_ok_visited": "Recorded: visited. Thank you!",
    "visit_ok_needs_help": "Recorded: needs help.",
    "visit_help_opened": "Request #{id} is open in the building's group; I'm finding neighbours to help.",
    "visit_help_request": "A neighbour in building {building} needs a hand; the visiting volunteer will explain. "
    "Who can help?",
    "visit_help_no_group": "🆘 Visit #{id} {name} needs help, but the building has no group: please follow up.",
    "visit_already": "Already recorded.",
    "visit_entry_off": "This resident is no longer on the visit roster.",
    "visit_not_yours": "This visit reminder was not sent to you.",
    "visit_note_saved": "📝 Noted about {name}.",
    "visit_overdue": "⏰ <b>Visit #{id} is {days} days overdue</b>: {name} ({compound}, building {building}); "
    "carer {carer} has not visited.",
    "visit_carer_unreachable": "⚠️ Visit #{id} {name}: carer {carer} has not started a private chat with me and "
    "cannot be reminded; please reach them or choose another carer.",
    # --- /setup --------------------------------------------------------------------------
    "setup_in_group": "Send /setup in the compound's group you want to bind.",
    "setup_already": "This group is set up already.",
    "setup_usage": (
        "Usage: <code>/setup</code> to pick the community, compound and buildings with buttons, or "
        "<code>/setup compound building…</code>, e.g. <code>/setup 图强小区 196 197</code> "
        "(a new compound needs its buildings)."
    ),
    "setup_pick_community": "⚙️ Which community is this group in?",
    "setup_pick_compound": "⚙️ {community}: which compound is this group for?",
    "setup_pick_buildings": "⚙️ {compound}: which buildings does this group cover? (none picked: all of them)",
    "setup_back": "‹ Back",
    "setup_bind": "✅ Bind",
    "setup_done": "✅ This group is bound to {community} · {compound} (buildings: {buildings}). "
    "Neighbours can ask for help here now.",
    "setup_done_toast": "Bound",
    # --- /secretary ----------------------------------------------------------------------
    "secretary_usage": (
        "Usage: <code>/secretary</code> lists the secretaries · <code>/secretary add user_id_or_@username "
        "[community]</code> · <code>/secretary remove user_id_or_@username [community]</code>"
    ),
    "secretary_which": "You are a secretary of several communities; end with its name: {communities}",
    "secretary_added": "✅ {name} is now a secretary of {community}.",
    "secretary_already": "{name} is a secretary of {community} already.",
    "secretary_not_self": "You cannot remove yourself; ask another secretary.",
    "secretary_in_config": "{name} is a secretary listed in config.toml; the operator changes that there.",
    "secretary_removed": "✅ {name} is no longer a secretary of {community}.",
    "secretary_not_one": "{name} is not a secretary of {community} added by command.",
    "secretary_list": "👥 <b>Secretaries of {community}</b>",
    "secretary_line": "  · {name} <code>{id}</code>",
    # --- published results and consent --------------------------------------------------
    "results_month": "📣 <b>Neighbours helping neighbours in month {month}: {total} requests, {done} solved.</b> "
    "Thank you, everyone who helped!",
    "results_thanks": _thanks,
    "volunteer_name_usage": _name_usage,
    "volunteer_named": "✅ Fine: the monthly results will thank you by name.",
    "volunteer_unnamed": "✅ Fine: your name will not be published.",
    # --- the morning digest --------------------------------------------------------------
    "digest_morning": "🗞 <b>{community} · morning digest</b>",
    "digest_requests": "<b>{count} requests waiting</b>",
    "digest_concerns": "<b>{count} concerns awaiting action</b>",
    "digest_visits": "<b>{count} visits today</b>",
}
