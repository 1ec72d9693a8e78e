"""Forwarded requests (zh)."""

TEXTS = {
    "forwarded_from": "↪️ {forwarder} 转发自 {author}",
    "forwarded_hidden": "↪️ {forwarder} 转发(原作者未公开)",
}
