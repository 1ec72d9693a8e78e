"""What secretaries read: the period's figures (`/report`, `jinlin report`), the open requests
(`/open`) and the daily digest. The figures themselves are computed in handlers/domain/figures.py."""
