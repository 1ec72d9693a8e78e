"""Storage: tables, repositories, the unit of work, the inbox and the outbox."""

# Every table on the one metadata, whichever storage module is imported first.
from storage import inbox_rows as _inbox_rows  # noqa: F401
