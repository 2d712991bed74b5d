"""Update commands (placeholder, filled below)."""
def register(sub): pass
