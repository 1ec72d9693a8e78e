"""`python -m bot` is `jinlin`."""

from bot.cli import main

raise SystemExit(main())
