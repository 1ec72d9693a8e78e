"""Storage: SQLAlchemy tables, repositories, the unit of work, migrations, the inbox and the outbox."""

# Tables kept outside tables.py join its metadata when they are imported; importing them here
# means any import of storage.tables (migrations, tests, the repositories) has them too.
from storage import inbox_rows as inbox_rows
from storage import tables_reports as tables_reports
from storage import visit_tables as visit_tables
