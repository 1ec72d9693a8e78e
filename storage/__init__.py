"""Storage: SQLAlchemy tables, repositories, unit of work, migrations, the outbox queue.

The desk's tables live in their own module; importing it here puts them in the one metadata
for every user of it (migrations, tests, the repositories) whichever module they import first.
"""

from storage import visit_tables as visit_tables
