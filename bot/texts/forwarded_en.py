"""Forwarded requests (en)."""

TEXTS = {
    "forwarded_from": "↪️ Forwarded by {forwarder} from {author}",
    "forwarded_hidden": "↪️ Forwarded by {forwarder} (the author is hidden)",
}
