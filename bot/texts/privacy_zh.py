"""Privacy's phrases (zh): what the group is not shown, the claimer's private details, forgetting."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "private_hidden_claimed": (
        "🔒 电话、取件码、门牌等已隐藏,完整内容已私信认领人;没收到请私聊 {bot} 并发送 /start。"
    ),
    "private_hidden_open": "🔒 电话、取件码、门牌等已隐藏,认领后私信给你。",
    "private_details": "🔒 <b>#{id} 的完整内容</b>(只发给认领人,请勿转发到群里):",
    "private_text_removed": "(内容已按隐私规则删除)",
    "private_bot_fallback": "机器人",
    "forget_usage": "私聊发送 /forget yes,删除你的姓名、用户名、求助文字、志愿者资料和住址楼栋;统计数字保留。",
    "forget_done": "已删除你的个人资料:{summary}。",
    "forget_private_only": "请在与机器人的私聊中使用 /forget。",
    "cmd_forget": "删除我的个人资料",
}
