"""English phrases of the reports, charts and exports."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "cmd_export": "Export the records as XLSX and CSV (secretaries)",
    "period_yesterday": "yesterday",
    "report_span": "🗓 {since} – {until}",
    "report_filter": "🔎 {what}",
    "report_rate": "✔️ resolved {rate} · ⬆️ escalated {escalated} (to the secretaries {to_secretaries})",
    "report_helpers": "🏅 Most helpful: {items}",
    "report_oldest": "⏳ Waiting longest:",
    "report_visits": (
        "🏠 Visit roster: {on_roster} residents · visited {visits_done} of {visits_due} due · "
        "contacted {contacts_done} of {contacts_due} due"
    ),
    "report_visits_attention": "   ⚠️ overdue visits {overdue} · help asked {help}",
    "report_tally": "{name} {total} ({done} done)",
    "report_bad_unknown": "I don't know “{word}”: it is not a period, a building or a category.",
    "report_bad_building_missing": "“{word}” needs a building after it, e.g. <code>building 198</code>.",
    "report_bad_no_such_building": "There is no building {word} in your communities.",
    "report_bad_bad_range": "“{word}” is not a range: write FROM..TO, e.g. <code>2025-06-01..2025-06-15</code>.",
    "report_bad_twice": "One period at a time, please: “{word}” is a second one.",
    "export_usage": "Usage: <code>/export [period] [building N] [category]</code>\nPeriods: {periods}",
    "export_refused": "🙏 Sorry, exports are for community secretaries only, of their own communities.",
    "export_too_big": "📦 That is {count} requests; an export holds at most {most}. Please ask for a shorter period.",
    "export_caption": "📦 {requests} requests · {events} events · {concerns} concerns · {visits} visits",
    "files_unavailable": "Files cannot be made here, sorry.",
    "chart_nothing": "📈 Nothing to draw for that period.",
    "chart_daily": "Requests per day",
    "chart_posted": "posted",
    "chart_done": "done",
    "chart_by_category": "Requests by category",
    "chart_by_building": "Requests by building",
    "chart_requests": "requests",
    "sheet_requests": "requests",
    "sheet_events": "events",
    "sheet_concerns": "concerns",
    "sheet_visits": "visits",
    "col_id": "id", "col_posted_at": "posted at", "col_status": "status", "col_community": "community",
    "col_compound": "compound", "col_building": "building", "col_category": "category", "col_urgent": "urgent",
    "col_emergency": "emergency", "col_requester": "requester", "col_text": "text", "col_claimed_at": "claimed at",
    "col_closed_at": "closed at", "col_helped_by": "helped by", "col_ring": "escalation level",
    "col_request_id": "request", "col_at": "at", "col_type": "event", "col_actor_id": "by (user id)",
    "col_chat_id": "chat", "col_user_id": "user id", "col_resident": "resident",
    "col_carer": "carer", "col_note": "note",
}  # fmt: skip
