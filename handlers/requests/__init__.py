"""A request's life, one module per use case: post, claim, release, complete, cancel, decline,
and the ladder's escalate, follow up and expire. Each runs inside the caller's unit of work and
writes state, events and outgoing actions together: all of it happens, or none of it does."""
