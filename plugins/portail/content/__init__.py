"""Reading and checking content: one reader and one list of checks, for every command."""
