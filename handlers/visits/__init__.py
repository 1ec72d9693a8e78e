"""Visit rosters (走访): `/roster` for secretaries, the carers' reminders and their one-tap answers,
notes, and "needs help" opening a request without naming the resident in the group."""
