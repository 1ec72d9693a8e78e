"""简体中文 texts of the secretary's desk: visit rosters, /setup, /secretary, published results, digest."""

from __future__ import annotations

from collections.abc import Callable, Sequence


def _thanks(names: Sequence[str], dones: Sequence[int]) -> str:
    return "🌟 感谢热心邻居:" + "、".join(f"{n}({d} 件)" for n, d in zip(names, dones, strict=False))


def _name_usage(named: bool) -> str:
    now = "现在:会公开致谢你的名字。" if named else "现在:不公开你的名字。"
    return ("用法:<code>/volunteer name on</code> 同意在每月公示里公开致谢你 · "
            f"<code>/volunteer name off</code> 不公开。\n{now}")


TEXTS: dict[str, str | Callable[..., str]] = {
    # --- roles ---------------------------------------------------------------------------
    "secretary_only": "🙏 抱歉,这个命令只有本社区的秘书可以用。",
    "person_unknown": "🤔 我还不认识 {who}。请对方先私聊我一次(发 /start),或者用对方的数字用户ID。",
    "cmd_roster": "走访名单(社区秘书)",
    "cmd_setup": "绑定本群到小区(社区秘书)",
    "cmd_secretary": "社区秘书名单(社区秘书)",
    # --- visit rosters -------------------------------------------------------------------
    "roster_usage": (
        "用法:\n<code>/roster</code> — 走访名单,谁今天该联系、谁逾期了\n"
        "<code>/roster add 楼号 @志愿者或用户ID 姓名 [3/5] [独居|残疾|患病]</code>,例如 "
        "<code>/roster add 198 @chen 张奶奶 3/5 独居</code>(3/5:每3天联系一次,每5天上门一次)\n"
        "<code>/roster off 编号</code> — 移出名单"
    ),
    "roster_unknown_building": "🤔 你的社区里没有 {building} 号楼。用法见 /roster add。",
    "roster_added": (
        "✅ 已加入走访名单 #{id}:{name}({building}号楼,{need})。\n"
        "负责人 {carer}:每 {contact} 天联系一次,每 {visit} 天上门一次;第一次提醒马上发出。"
    ),
    "roster_carer_not_started": "⚠️ {carer} 还没有私聊过我,收不到提醒:请对方私聊我发 /start。",
    "roster_no_entry": "🤔 你的走访名单里没有 #{id}。发 /roster 查看名单。",
    "roster_off": "✅ #{id} {name} 已移出走访名单。",
    "roster_title": "🏠 <b>走访名单</b>({count} 位)",
    "roster_empty": "🏠 走访名单还是空的。用 <code>/roster add 楼号 @志愿者 姓名</code> 添加。",
    "roster_item": "#{id} <b>{name}</b> · {building}号楼 · {need} · 负责人 {carer}",
    "roster_cadence": "   每 {contact} 天联系(下次 {next_contact})· 每 {visit} 天上门(下次 {next_visit})",
    "roster_due_contact": "今天该联系",
    "roster_due_visit": "今天该上门",
    "roster_overdue": "⚠️ 上门逾期",
    "need_elderly": "独居老人",
    "need_disabled": "残疾",
    "need_ill": "患病",
    "need_other": "需关照",
    # --- reminders and answers -----------------------------------------------------------
    "visit_remind_contact": "📞 <b>今天请联系 {name}</b>({compound} {building}号楼,{need}):"
    "打个电话或发个消息问候一下。",
    "visit_remind_visit": "🏠 <b>今天请上门看望 {name}</b>({compound} {building}号楼,{need})。",
    "visit_remind_hint": "办好后点下面的按钮;想补充情况,回复这条消息即可。",
    "btn_visit_contacted": "📞 已联系",
    "btn_visit_visited": "🏠 已上门",
    "btn_visit_needs_help": "🆘 需要帮忙",
    "visit_answered": "{name}({building}号楼):已记录「{answer}」。\n要补充情况,回复这条消息即可。",
    "visit_ok_contacted": "已记录:已联系。谢谢!",
    "visit_ok_visited": "已记录:已上门。谢谢!",
    "visit_ok_needs_help": "已记录:需要帮忙。",
    "visit_help_opened": "已在楼栋群里发起求助 #{id},我会找邻居帮忙。",
    "visit_help_request": "{building}号楼有位邻居需要帮忙,走访的志愿者会说明情况,请能帮忙的邻居认领。",
    "visit_help_no_group": "🆘 走访 #{id} {name} 需要帮忙,但这栋楼没有配置的群:请秘书跟进。",
    "visit_already": "已经记录过了。",
    "visit_entry_off": "这位居民已经不在走访名单上了。",
    "visit_not_yours": "这条走访提醒不是发给你的。",
    "visit_note_saved": "📝 已记下关于 {name} 的情况。",
    "visit_overdue": "⏰ <b>走访 #{id} 逾期 {days} 天</b>:{name}({compound} {building}号楼),"
    "负责人 {carer} 还没有上门。",
    "visit_carer_unreachable": "⚠️ 走访 #{id} {name}:负责人 {carer} 没有私聊过我,收不到提醒,请联系对方或换人。",
    # --- /setup --------------------------------------------------------------------------
    "setup_in_group": "请在要绑定的小区群里发 /setup。",
    "setup_already": "这个群已经配置好了。",
    "setup_usage": (
        "用法:<code>/setup</code> 用按钮选择社区、小区和楼栋;或者 <code>/setup 小区名 楼号…</code>,"
        "例如 <code>/setup 图强小区 196 197</code>(新小区要写楼号)。"
    ),
    "setup_pick_community": "⚙️ 这个群属于哪个社区?",
    "setup_pick_compound": "⚙️ {community}:这个群属于哪个小区?",
    "setup_pick_buildings": "⚙️ {compound}:这个群覆盖哪些楼?(都不选就是整个小区)",
    "setup_back": "‹ 返回",
    "setup_bind": "✅ 绑定",
    "setup_done": "✅ 本群已绑定到 {community} · {compound}(楼栋:{buildings})。邻居们可以在这里求助了。",
    "setup_done_toast": "已绑定",
    # --- /secretary ----------------------------------------------------------------------
    "secretary_usage": (
        "用法:<code>/secretary</code> 查看秘书名单 · <code>/secretary add 用户ID或@用户名 [社区]</code> · "
        "<code>/secretary remove 用户ID或@用户名 [社区]</code>"
    ),
    "secretary_which": "你是几个社区的秘书,请在最后写上社区名:{communities}",
    "secretary_added": "✅ {name} 已成为 {community} 的秘书。",
    "secretary_already": "{name} 已经是 {community} 的秘书了。",
    "secretary_not_self": "不能移除你自己;请另一位秘书操作。",
    "secretary_in_config": "{name} 是在 config.toml 里配置的秘书,请运维人员在那里修改。",
    "secretary_removed": "✅ {name} 已不再是 {community} 的秘书。",
    "secretary_not_one": "{name} 不是用命令添加的 {community} 秘书。",
    "secretary_list": "👥 <b>{community} 的秘书</b>",
    "secretary_line": "  · {name} <code>{id}</code>",
    # --- published results and consent --------------------------------------------------
    "results_month": "📣 <b>{month}月邻里互助 {total} 件,已解决 {done} 件。</b>谢谢每一位伸出援手的邻居!",
    "results_thanks": _thanks,
    "volunteer_name_usage": _name_usage,
    "volunteer_named": "✅ 好的,每月公示时会公开致谢你的名字。",
    "volunteer_unnamed": "✅ 好的,公示时不会出现你的名字。",
    # --- the morning digest --------------------------------------------------------------
    "digest_morning": "🗞 <b>{community} · 早间汇总</b>",
    "digest_requests": "<b>待处理的求助 {count} 条</b>",
    "digest_concerns": "<b>待处理的民情 {count} 条</b>",
    "digest_visits": "<b>今天的走访 {count} 位</b>",
}
