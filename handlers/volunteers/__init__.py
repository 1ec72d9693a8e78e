"""Volunteers, one module per use case: register (typed, or guided by buttons), profile, hours,
serving another community, and a secretary's vetting."""
