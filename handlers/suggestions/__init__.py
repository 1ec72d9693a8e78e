"""When the reader is unsure, ask: "ask the neighbours for help?" with one button for the author.

A message that may be a request (Reading.unsure) gets no card. The bot replies to it once with a
short question and a button only its author may press (anyone else gets a polite pop-up):
suggest.py. Pressing it opens the request exactly as if it had been read as one (card, calls,
ladder) and deletes the question; so does the author's reply to the question, whose words are
added to the request: accept.py. Unused, the question is deleted after `[bot] suggestion_timeout`:
the expiry is a row in the database swept on the ladder's tick, so a restart loses none:
expire.py. Each of these is kept as a correction (handlers/corrections/).
"""
