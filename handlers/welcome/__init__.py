"""First contact: `/start` (and its deep link into the guided sign-up) and `/help`."""
