"""Running the bot in production: health and metrics (an optional HTTP listener), structured logs,
`jinlin doctor` and `jinlin backup`. The core reports through handlers/ports/observer.py only."""
