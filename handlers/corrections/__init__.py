"""Corrections: what people's actions say a message meant, kept as labelled examples.

Recorded when (handlers.domain.feedback.Reason):
- a resident forces a request the reader did not open (`/ask TEXT`, or the author replying to the
  bot's suggestion) or accepts the suggestion with its button: labelled a request;
- a suggestion expires unused: labelled chat (its author did not want help asked for);
- the requester withdraws a card with "not a request": labelled chat;
- someone claims ("我来") in reply to a neighbour's message that got no card: the replied message
  is labelled a request, as a *candidate* (the claim itself opens and claims nothing).
A forced or accepted request whose reader already said "request" (and was sure) is no correction.
`jinlin corrections export` writes them out for review (export.py).
"""
