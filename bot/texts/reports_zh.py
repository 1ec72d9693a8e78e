"""报告、图表与导出的中文用语。"""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "cmd_export": "导出记录 XLSX 和 CSV(社区秘书)",
    "period_yesterday": "昨天",
    "report_span": "🗓 {since} 至 {until}",
    "report_filter": "🔎 {what}",
    "report_rate": "✔️ 解决率 {rate} · ⬆️ 升级 {escalated} 件(到秘书 {to_secretaries} 件)",
    "report_helpers": "🏅 表彰:{items}",
    "report_oldest": "⏳ 等得最久:",
    "report_visits": (
        "🏠 走访名单:{on_roster} 人 · 上门 {visits_done}/{visits_due} 次 · "
        "联系 {contacts_done}/{contacts_due} 次"
    ),
    "report_visits_attention": "   ⚠️ 逾期上门 {overdue} 次 · 求助 {help} 次",
    "report_tally": "{name} {total}(完成 {done})",
    "report_bad_unknown": "看不懂“{word}”:它不是时段、楼栋,也不是类别。",
    "report_bad_building_missing": "“{word}”后面要写楼栋,例如 <code>楼 198</code>。",
    "report_bad_no_such_building": "您的社区里没有 {word} 号楼。",
    "report_bad_bad_range": "“{word}”不是日期范围:请写 起..止,例如 <code>2025-06-01..2025-06-15</code>。",
    "report_bad_twice": "一次只能问一个时段:“{word}”是第二个。",
    "export_usage": "用法:<code>/export [时段] [楼 N] [类别]</code>\n时段可选:{periods}",
    "export_refused": "🙏 抱歉,导出只对社区秘书开放,且只含本社区的记录。",
    "export_too_big": "📦 这个时段有 {count} 件求助,一次最多导出 {most} 件,请缩短时段。",
    "export_caption": "📦 求助 {requests} 件 · 记录 {events} 条 · 民情 {concerns} 条 · 走访 {visits} 次",
    "files_unavailable": "抱歉,这里无法生成文件。",
    "chart_nothing": "📈 这个时段没有可画的数据。",
    "chart_daily": "每日求助",
    "chart_posted": "发起",
    "chart_done": "完成",
    "chart_by_category": "各类别求助",
    "chart_by_building": "各楼栋求助",
    "chart_requests": "件数",
    "sheet_requests": "求助",
    "sheet_events": "记录",
    "sheet_concerns": "民情",
    "sheet_visits": "走访",
    "col_id": "编号", "col_posted_at": "发起时间", "col_status": "状态", "col_community": "社区",
    "col_compound": "小区", "col_building": "楼栋", "col_category": "类别", "col_urgent": "紧急",
    "col_emergency": "危急", "col_requester": "求助人", "col_text": "内容", "col_claimed_at": "认领时间",
    "col_closed_at": "结束时间", "col_helped_by": "帮忙的人", "col_ring": "升级层级",
    "col_request_id": "求助编号", "col_at": "时间", "col_type": "事件", "col_actor_id": "操作人 ID",
    "col_chat_id": "群", "col_user_id": "用户 ID", "col_resident": "居民",
    "col_carer": "走访人", "col_note": "备注",
}  # fmt: skip
