"""What the secretaries are told about delivery problems (中文)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "notice_parked": (
        "📮 <b>有一条消息发不出去</b>(群/会话 {chat},求助 #{request}),机器人已停止重试:{error}。"
        "请检查该群,或转告相关的人。"
    ),
    "notice_chat_closed": (
        "🚫 <b>机器人已无法在群 {chat} 发言</b>:{error}。在重新把它加为管理员、并有人在群里发言之前,"
        "不会再往该群发送任何消息。"
    ),
    "notice_privacy": (
        "🙈 <b>{error} 看不到群里的普通消息</b>:居民在群里发的求助它收不到。请把它设为每个群的管理员,"
        "或在 @BotFather 关闭隐私模式(/setprivacy → Disable)后重新拉它进群。"
    ),
}
