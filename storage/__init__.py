"""Storage: SQLAlchemy tables, repositories, the unit of work, migrations, the outbox queue."""

# Tables kept outside tables.py join its metadata when they are imported; importing them here
# means any import of storage.tables (migrations, tests, the repositories) has them too.
from storage import tables_reports as tables_reports
