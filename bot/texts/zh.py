"""简体中文 texts. Keys and placeholders must match bot/texts/en.py (tests/unit/test_render.py checks).

Keys a handler answers a button press with (own_request, claim_*, thanks…) are shown as plain-text
toasts too, so they carry no markup and stay well under Telegram's 200-character toast limit.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.texts import shapes

# The shapes (bot/texts/shapes.py) with this locale's phrases.
_volunteer_ok = shapes.volunteer_ok(
    "zh",
    shapes.VolunteerOk(
        thanks="🙌 谢谢 {name}!你已登记为 <b>{building} 号楼</b> 的志愿者。",
        skills="技能:",
        no_skills="还没有登记技能也没关系:收衣服、跑腿这类事谁都能帮。想补充可以再发 /volunteer 楼号 技能。",
        unknown="这些词我还不认识,先略过了:",
        open_link="📩 请打开 {link} 和我私聊一次,有人求助时我才能私下通知你。",
        send_start="📩 请私聊我一次(发 /start),有人求助时我才能私下通知你。",
        separator="、",
    ),
)
_me_claim = shapes.me_claim("{building}号楼", "未注明楼栋")
_unknown_building = shapes.unknown_building("🤔 没找到 {building} 号楼。", "本小区的楼栋:{known}")

# /help: one entry per command, composed in the command table's order.
_HELP_LINES = {
    "ask": "/ask 要办的事 — 直接发起求助(我没看出是求助时)",
    "volunteer": "/volunteer 楼号 技能 — 登记为志愿者,例如 <code>/volunteer 198 电工 做饭</code>\n"
    "/volunteer off · /volunteer on — 暂停 · 恢复呼叫",
    "home": "/home 楼号 — 登记你住的楼",
    "open": "/open — 待处理的求助",
    "me": "/me — 我的志愿者资料和认领中的求助",
    "hours": "/hours 18:00-22:00 · /hours any — 方便帮忙的时间",
    "quiet": "/quiet 22:00-07:00 · /quiet off — 免打扰时段(紧急情况除外)",
    "load": "/load 2 — 最多同时认领几件(1–5)",
    "serve": "/serve · /serve off — 在另一个社区的群里发:我也服务这里(双报到)",
    "vet": "/vet 用户ID · /vet off 用户ID — 核实志愿者身份(社区秘书)",
    "volunteers": "/volunteers — 资源清单:志愿者和可提供的资源(社区秘书)",
    "concerns": "/concerns — 民情清单,反映多的在前(社区秘书)",
    "concern": "/concern 编号 [status 状态 | owner me | note … | outcome …] — 一件民情(社区秘书)",
    "agenda": "/agenda [年-月-日] — 用待办民情生成下次会议议程(社区秘书)",
    "report": "/report [时段] [楼 N] [类别] — 求助统计(社区秘书);/report chart — 图表\n"
    "  时段:今天 · 昨天 · 本周 · 本月 · 全部 · 2025-06 · 2025-06-01..2025-06-15",
    "export": "/export [时段] — 导出 XLSX 和 CSV(私聊发给社区秘书)",
    "roster": "/roster — 走访名单(社区秘书):<code>/roster add 楼号 @志愿者 姓名 [3/5] [独居|残疾|患病]</code> · "
    "<code>/roster off 编号</code>",
    "setup": "/setup — 在未配置的群里绑定小区和楼栋(社区秘书)",
    "secretary": "/secretary · /secretary add|remove 用户ID或@用户名 — 社区秘书名单",
    "forget": "/forget yes — 私聊发送,删除你的个人资料(统计数字保留)",
}
_HELP = shapes.help_text(
    "🏘 <b>近邻 · 邻里互助</b>\n"
    "需要帮忙?直接在群里用自己的话说,比如“要下雨了,198号楼谁在家帮我收下被子”。"
    "我会找附近合适的邻居,谁能帮就点「我来认领」。\n"
    "回复你的求助说“不用了”可以取消,说“好了/谢谢”表示完成。\n\n",
    _HELP_LINES,
    "私聊我发 /start volunteer,可以用按钮一步步登记。",
)


TEXTS: dict[str, str | Callable[..., str]] = {
    # --- when the reader is unsure, and corrections ------------------------------------
    "suggest_ask": "🤔 需要请邻居们帮忙吗?是的话点下面的按钮,或者回复这条消息。",
    "btn_suggest_ask": "🙋 请邻居帮忙",
    "suggest_not_yours": "这个按钮只有发消息的邻居本人能点,谢谢你的好意!",
    "suggest_gone": "这条提示已经过期了。需要帮忙可以发 /ask 加上要办的事。",
    "suggest_ok": "好的,已经发起求助。",
    "ask_usage": "用法:/ask 要办的事,例如 <code>/ask 198号楼谁能帮我取个快递</code>",
    "ask_group_only": "请在小区的群里发 /ask,邻居们才看得到。",
    "btn_not_request": "🙅 不是求助",
    "not_request_ok": "已撤回:这不是求助。谢谢,我会学着分辨。",
    "only_requester_withdraws": "只有发起人才能撤回 #{id}。",
    # --- commands ------------------------------------------------------------------------
    "help": _HELP,
    "welcome": (
        "👋 你好,我是<b>近邻</b>,帮邻居们互相帮忙。\n"
        "有事在群里直接说就行;想帮别人,发 <code>/volunteer 楼号 技能</code> 登记,"
        "例如 <code>/volunteer 198 医生</code>;也可以发 /start volunteer 用按钮一步步登记。发 /help 查看更多。"
    ),
    "setup": (
        "⚙️ 这个群还没有配置。请运维人员在 config.toml 里把本群 ID <code>{chat_id}</code> "
        "加到某个小区的 <code>chats</code> 中,然后重启机器人;或者由社区秘书在本群发 /setup 用按钮绑定。\n"
        "另外请在 BotFather 里关闭隐私模式(/setprivacy → Disable),或把我设为群管理员,"
        "否则我看不到群里的普通消息。"
    ),
    "unknown_command": "🤷 我不认识这个命令。发 /help 看看我能做什么。",
    "volunteer_usage": (
        "用法:<code>/volunteer 楼号 技能…</code>,例如 <code>/volunteer 198 电工 做饭</code>\n"
        "暂停:<code>/volunteer off</code> · 恢复:<code>/volunteer on</code>\n"
        "每月公示时公开致谢你的名字:<code>/volunteer name on</code> · 不公开:<code>/volunteer name off</code>"
    ),
    "volunteer_ok": _volunteer_ok,
    "volunteer_paused": "⏸ 已暂停,这段时间不会呼叫你。发 /volunteer on 恢复。",
    "volunteer_resumed": "▶️ 欢迎回来!有邻居求助时我会再叫你。",
    "volunteer_unknown": (
        "你还没有登记为志愿者。发 <code>/volunteer 楼号 技能</code> 登记,例如 <code>/volunteer 198 电工</code>。"
    ),
    "unknown_building": _unknown_building,
    "home_usage": (
        "用法:<code>/home 楼号</code>,例如 <code>/home 198</code>。\n登记后,你发求助没写楼号时,我就按你家那栋来找人。"
    ),
    "home_ok": "🏠 记下了:你住 <b>{building} 号楼</b>。",
    "report_refused": "🙏 抱歉,统计报告只对社区秘书开放。需要数据的话,请联系社区居委会。",
    "report_usage": "用法:<code>/report [时段] [楼 N] [类别] [chart]</code>\n时段可选:{periods}",
    "hours_usage": (
        "用法:<code>/hours 18:00-22:00</code>,多个时段用逗号隔开,例如 <code>/hours 07:00-09:00,18:00-22:00</code>;"
        "<code>/hours any</code> 表示随时。"
    ),
    "hours_ok": "🕘 记下了:你方便帮忙的时间是 {hours}。",
    "hours_any_ok": "🕘 记下了:随时都可以叫你(免打扰时段除外)。",
    "quiet_usage": (
        "用法:<code>/quiet 22:00-07:00</code> 设置免打扰时段,<code>/quiet off</code> 关闭。紧急情况仍会叫你。"
    ),
    "quiet_ok": "🌙 免打扰时段:{quiet}。这段时间只有紧急情况才会叫你。",
    "quiet_off_ok": "🌙 已关闭免打扰:任何时候都可能叫你。",
    "load_usage": "用法:<code>/load 数字</code>,你最多同时认领几件求助(1–{most})。",
    "load_ok": "👌 好的,你最多同时认领 {n} 件,满了就先不叫你。",
    "serve_usage": "请在你也想服务的那个社区的群里发 <code>/serve</code>(双报到);<code>/serve off</code> 取消。",
    "serve_ok": "🤝 谢谢!你也在为 <b>{community}</b> 服务了,附近没人时我也会叫你。",
    "serve_off_ok": "已取消:不再因为 <b>{community}</b> 的求助叫你。",
    "serve_home": "<b>{community}</b> 就是你登记的社区,不用再报到啦。",
    "serve_too_many": "最多可以同时服务 {most} 个其他社区。请先在某个群里发 <code>/serve off</code>。",
    "vet_usage": "用法:<code>/vet 用户ID</code> 核实志愿者身份,<code>/vet off 用户ID</code> 取消。",
    "vet_refused": "🙏 抱歉,只有志愿者所在社区的秘书可以核实身份。",
    "vet_unknown": "用户 {user_id} 还没有登记为志愿者。",
    "vet_ok": "✔️ 已核实 {name} 的身份:需要上门的求助会优先叫他/她。",
    "unvet_ok": "已取消 {name} 的身份核实。",
    "me_claims": "📌 <b>认领中的求助({count})</b>",
    "me_claim": _me_claim,
    # --- the private guided registration (/start volunteer) ---------------------------------
    "reg_building": "🙋 <b>登记志愿者 · 第 1 步(共 3 步)</b>\n你住哪栋楼?点下面的楼号。",
    "reg_building_type": (
        "🙋 <b>登记志愿者 · 第 1 步(共 3 步)</b>\n楼栋太多,按钮放不下。请直接发 "
        "<code>/volunteer 楼号</code>,例如 <code>/volunteer 198</code>,然后接着用按钮选技能和时间。"
    ),
    "reg_keep": "✓ 还是 {building} 号楼",
    "reg_skills": (
        "🛠 <b>第 2 步(共 3 步):技能</b> · {building}号楼 · {compound}\n"
        "点选你会的(可多选,再点一次取消),选好点「下一步」。没有特别技能也没关系:收衣服、跑腿谁都能帮。"
    ),
    "reg_skill": shapes.skill("zh"),
    "reg_next": "下一步 ➡️",
    "reg_back": "⬅️ 上一步",
    "reg_hours": (
        "🕘 <b>第 3 步(共 3 步):时间</b> · {building}号楼\n"
        "什么时候方便帮忙?可多选;选「随时」就是任何时间。\n"
        "夜间免打扰(默认 22:00–07:00)时只有紧急情况才会叫你。选好点「完成」。"
    ),
    "reg_hours_any": "随时",
    "reg_hours_morning": "早上 07–09",
    "reg_hours_day": "白天 09–18",
    "reg_hours_evening": "晚上 18–22",
    "reg_quiet_on": "🌙 夜间免打扰:开",
    "reg_quiet_off": "🔔 夜间免打扰:关",
    "reg_done": "✅ 完成",
    "reg_saved": (
        "🎉 <b>登记好了,谢谢你!</b>有邻居需要时我会私信你。"
        "随时可以再发 /start volunteer 修改,或用 /hours、/quiet、/load、/volunteer off。"
    ),
    "reg_saved_toast": "已保存,谢谢!",
    "reg_expired": "这个菜单已过期,请重新发送 /start volunteer。",
    # --- answers to a claim, done, cancel or a button (also shown as toasts) ---------------
    "own_request": "这是你自己的求助哦,等邻居来认领吧。",
    "not_yours": "只有认领人或求助人可以这样操作 #{id}。",
    "already_closed": "#{id} 已经结束了。",
    "only_requester_cancels": "只有求助人可以取消 #{id}。",
    "claim_taken": "#{id} 已由 {claimers} 认领了,谢谢你!",
    "claim_closed": "#{id} 已经结束了,谢谢你!",
    "claim_already_yours": "#{id} 你已经认领了。",
    "claim_missing": "找不到这条求助了。",
    "claim_cancelled_by_requester": "🙏 #{id} 求助人已取消,不用去了,谢谢你!",
    "private_hint": (
        "💬 求助请直接发在小区群里,邻居们才看得到。"
        "我在这里可以帮你:/volunteer 登记志愿者 · /me 查看记录 · /help 帮助。"
    ),
    "claim_won": "🙏 认领成功!请尽快联系求助人。",
    "thanks": "✅ 谢谢你的帮助!",
    "cancelled_ok": "已取消。",
    "released_ok": "已放弃认领,我们会另找邻居。",
    "decline_ok": "好的,我们去问下一位邻居。",
    "decline_noop": "这条求助已经不需要你了,谢谢!",
    "button_unknown": "这个按钮已经失效了。",
    # --- the bot speaking up in the group ---------------------------------------------------
    "emergency": (
        "🚨 <b>紧急情况!请立即拨打 {number}!</b>\n<b>先打电话,再等邻居。</b>附近的邻居也正在被通知。"
    ),
    "still_looking": "⏳ #{id} 还在找人帮忙,已经通知了社区秘书,请再等等。",
    "expired_notice": "⌛ 抱歉,#{id} 一直没找到人帮忙,已关闭。如果还需要,请重新发一条。",
    "offer_ack": "🙏 谢谢!已记入资源清单(#{id}),有需要的邻居会找到你。",
    "concern_ack": "📝 已记入民情清单(#{id}),会转给居委会和物业跟进。",
    # --- setMyCommands (plain text) ---------------------------------------------------------
    "cmd_help": "怎么使用近邻",
    "cmd_ask": "直接发起求助:/ask 要办的事",
    "cmd_volunteer": "登记志愿者:/volunteer 楼号 技能",
    "cmd_home": "登记我住的楼:/home 楼号",
    "cmd_open": "查看待处理的求助",
    "cmd_me": "我的志愿者资料",
    "cmd_report": "求助统计(社区秘书)",
    "cmd_hours": "方便帮忙的时间:/hours 18:00-22:00",
    "cmd_quiet": "免打扰时段:/quiet 22:00-07:00 或 off",
    "cmd_load": "最多同时认领几件:/load 2",
    "cmd_serve": "在这个社区也报到服务(双报到)",
    "cmd_vet": "核实志愿者身份(社区秘书)",
    # --- pieces of cards, calls and lists ---------------------------------------------------
    "cat_laundry": "收衣物",
    "cat_errand": "跑腿",
    "cat_repair": "维修",
    "cat_medical": "医疗",
    "cat_elderly": "关爱老人",
    "cat_childcare": "照看孩子",
    "cat_pet": "宠物",
    "cat_moving": "搬运",
    "cat_tech": "手机电脑",
    "cat_legal": "法律",
    "cat_meal": "送餐做饭",
    "cat_transport": "接送",
    "cat_borrow": "借东西",
    "cat_safety": "安全",
    "cat_facility": "设施",
    "cat_sanitation": "环境卫生",
    "cat_noise": "噪音",
    "cat_other": "其他",
    "status_open": "待认领",
    "status_claimed": "进行中",
    "status_done": "已完成",
    "status_cancelled": "已取消",
    "status_expired": "已过期",
    "btn_claim": "🙋 我来认领",
    "btn_cancel": "取消",
    "btn_done": "✅ 完成",
    "btn_release": "↩️ 放弃",
    "btn_decline": "🙅 帮不了",
    "building": "{building}号楼",
    "no_building": "未注明楼栋",
    "tag_urgent": "急 ⚡",
    "tag_emergency": "紧急 🚨",
    "needs": "需要 {n} 人",
    "calling": "📣 呼叫:{names}",
    "partial": "🙋 已认领 {count}/{needed}:{names}",
    "claimed_by": "🙋 {names} 已认领",
    "done_by": "✅ 已完成,谢谢 {names}!",
    "done_plain": "✅ 已完成",
    "cancelled_line": "❌ 求助人已取消",
    "expired_line": "⌛ 已过期,没能找到帮手",
    "more_people": "等 {n} 人",
    "call_title": "📣 <b>邻居需要帮忙</b>",
    "call_from": "求助人:{name} · {time} 发布",
    "call_hint": "能帮忙就点「认领」,然后到群里联系求助人;帮不了就点「帮不了」,我们会问下一位邻居。",
    "follow_up": "⏰ <b>#{id} 完成了吗?</b>完成了请点「完成」;去不了就点「放弃」,让别的邻居来。",
    "escalated_to_secretary": "⬆️ <b>#{id} 已发布 {age},仍无人认领</b>,请协助协调。",
    "overdue_to_secretary": "⏰ <b>#{id} 由 {claimers} 认领已 {age},仍未完成</b>,请跟进。",
    "where": "📍 {place}",
    "dur_now": "不到 1 分钟",
    "dur_min": "{n} 分钟",
    "dur_h": "{n} 小时",
    "dur_d": "{n} 天",
    "ago": "{age}前",
    "list_title": "📋 <b>待处理的求助</b>(共 {total} 条)",
    "list_empty": "🌤 目前没有待处理的求助,邻里一切安好。",
    "list_more": "……还有 {n} 条",
    "report_title": "📊 <b>求助统计 · {period}</b>",
    "period_today": "今天",
    "period_week": "本周",
    "period_month": "本月",
    "period_all": "全部",
    "report_totals": (
        "共 {total} 条:✅ 完成 {done} · 🙋 进行中 {claimed} · ⏳ 待认领 {open} · "
        "❌ 取消 {cancelled} · ⌛ 过期 {expired}"
    ),
    "report_medians": "⏱ 认领用时中位数 {claim} · 完成用时中位数 {done}",
    "report_buildings": "🏢 楼栋:{items}",
    "report_categories": "🏷 类别:{items}",
    "profile_title": "🙋 <b>志愿者 {name}</b>",
    "profile_home": "🏠 {building}号楼 · {compound} · {community}",
    "profile_also": "🤝 也服务:{communities}",
    "profile_skills": "🛠 技能:{skills}",
    "profile_no_skills": "未登记",
    "profile_hours": "🕘 可帮忙时间:{hours}",
    "profile_any_time": "随时",
    "profile_quiet": "🌙 免打扰:{quiet}",
    "profile_no_quiet": "无",
    "profile_paused": "⏸ 已暂停(发 /volunteer on 恢复)",
    "profile_active": "▶️ 接受呼叫中",
    "profile_vetted": "✔️ 已核实身份",
    "profile_record": "📈 进行中 {open} · 完成 {kept} · 放弃 {released} · 过期 {expired}",
    "digest_empty": "🗞 <b>{community}</b>:今天没有待处理的求助 🎉",
}
