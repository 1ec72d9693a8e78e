"""秘书工作台的中文文字(bot/texts/desk.py、handlers/desk/)。键与 desk_en.py 一一对应。"""

from __future__ import annotations

from collections.abc import Callable

TEXTS: dict[str, str | Callable[..., str]] = {
    # --- 谁能用,发到哪里 ---------------------------------------------------------------------
    "desk_refused": "🙏 抱歉,这是社区秘书专用的功能。",
    "desk_sent_privately": "📬 已私信发给您。",
    "desk_start_first": (
        "📬 这个回复里有人名,只能私信发送。请先点开和我的私聊:"
        "https://t.me/{bot_username}?start=desk ,再发一次。"
    ),
    "btn_page_back": "◀ 上一页",
    "btn_page_next": "下一页 ▶",
    "desk_page_of": "第 {page}/{pages} 页",
    # --- 三张清单 ---------------------------------------------------------------------------------
    "desk_title_open": "📋 <b>需求清单 · 待办求助</b>{place}({total} 件,最早的在前)",
    "desk_title_volunteers": "🧰 <b>资源清单</b>{place}({total})",
    "desk_title_concerns": "📝 <b>民情清单</b>{place}({total} 件,反映人数多的在前)",
    "desk_empty_open": "🌤 没有待办的求助,一切安好。",
    "desk_empty_volunteers": "还没有志愿者或可出借的资源。",
    "desk_empty_concerns": "还没有记录的民情。",
    "desk_section_volunteers": "<b>志愿者</b>(按楼栋和技能)",
    "desk_section_offers": "<b>群里发布的可提供资源</b>",
    "desk_waited": "⏳ 已等 {age}",
    "desk_called": "📣 已呼叫:{names}",
    "desk_nobody_called": "📣 还没有呼叫任何人",
    "desk_declined": "{n} 人表示帮不了",
    "desk_load": "在办 {open}/{most}",
    "desk_record": "完成 {kept} · 退回 {released} · 超时 {expired}",
    "desk_paused": "⏸ 暂停中",
    "desk_active": "▶️ 可呼叫",
    "desk_offer_valid": "有效至 {date}",
    "desk_offer_expired": "已过期",
    # --- 一件民情 ---------------------------------------------------------------------------------
    "concern_status_raised": "已反映",
    "concern_status_tabled": "📌 已上会",
    "concern_status_in_hand": "🔧 办理中",
    "concern_status_fixed": "✅ 已解决",
    "concern_status_declined": "🙅 不予办理",
    "concern_count": "👥 {residents}",
    "concern_title": "📝 <b>民情 #{id}</b> · {building} · {category}",
    "concern_status": "状态:{status}",
    "concern_raised_by": "👥 {residents} 位居民反映({raised} 次,{chats} 个群)· 首次 {first} · 最近 {last}",
    "concern_owner": "👤 负责人:{name}",
    "concern_no_owner": "👤 负责人:暂无",
    "concern_meeting": "🗓 已列入 {date} 的会议",
    "concern_note": "🗒 备注:{note}",
    "concern_outcome": "🏁 办理结果:{outcome}",
    "btn_concern_tabled": "📌 上会",
    "btn_concern_in_hand": "🔧 办理中",
    "btn_concern_fixed": "✅ 已解决",
    "btn_concern_declined": "🙅 不予办理",
    "btn_concern_me": "👤 我来负责",
    "concern_updated": "民情 #{id} 已更新。",
    "concern_usage": (
        "用法:<code>/concern 编号</code> 查看一件民情;<code>/concern 编号 status 状态</code>({statuses})、"
        "<code>/concern 编号 owner me|@用户名|用户id</code>、<code>/concern 编号 note 备注</code>、"
        "<code>/concern 编号 outcome 办理结果</code>。"
    ),
    "concern_unknown": "您的社区里没有民情 #{id}。",
    "concern_owner_unknown": "不认识 {who}:请用 me、我见过的 @用户名,或用户 id。",
    "concern_merged": "📝 已并入民情 #{id}:已有 {count} 位邻居反映这件事,会转给居委会和物业跟进。",
    "concern_fixed_notice": (
        "✅ <b>已解决</b>:邻居们在本群反映的问题({count} 位)已经处理好了。\n<blockquote>{text}</blockquote>"
    ),
    "concern_fixed_outcome": "🏁 {outcome}",
    # --- 会议议程 ---------------------------------------------------------------------------------
    "agenda_title": "🗓 <b>邻里议事会议程</b> · {date}{place}",
    "agenda_next": "下次会议",
    "agenda_empty": "没有待议的民情。🎉",
    "agenda_tabled_now": "📌 本次新列入议程 {n} 件。",
    "agenda_usage": "用法:<code>/agenda</code> 或 <code>/agenda 年-月-日</code>(会议日期,今天或以后)。",
}
