"""Reading what arrives into a typed command (handlers/commands/), or into the outcome of
nothing to do: messages (slash commands and free text) and button presses. No use case runs here."""
