"""The Request is defined once (handlers/domain/request.py); its row may differ only where a test says why.

The storage code reads the stored fields off both definitions (storage/repositories/_request_rows.py),
so a field added to one side only would silently not be stored: this test names every difference.
"""

from __future__ import annotations

from dataclasses import fields

from handlers.domain import Request
from storage.repositories._request_rows import STORED
from storage.tables import RequestRow

# Derived when a request is loaded: from the claims table, and the newest of its claims.
NOT_COLUMNS = {"claimers", "claimer_names", "last_claim_at"}
# Kept in the row only, so the claim UPDATE decides on the row it locks.
NOT_FIELDS = {"active_claims"}


def test_every_request_field_is_a_column_or_derived() -> None:
    columns = set(RequestRow.__table__.columns.keys())
    assert {f.name for f in fields(Request)} - columns == NOT_COLUMNS
    assert columns - {f.name for f in fields(Request)} == NOT_FIELDS


def test_stored_fields_are_all_the_columns_but_the_key() -> None:
    assert set(STORED) == set(RequestRow.__table__.columns.keys()) - NOT_FIELDS - {"id"}
