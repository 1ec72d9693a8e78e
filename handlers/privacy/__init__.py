"""Privacy: forgetting a person on request, and letting old words go (retention)."""
