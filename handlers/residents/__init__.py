"""Residents, one module per use case: their home building, what they offer, what concerns them."""
