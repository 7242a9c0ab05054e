"""The commands: each module is the entry point of one command (a console script and ``scripts/``)."""
