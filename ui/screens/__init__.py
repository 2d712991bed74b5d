"""The kiosk's screens; each module exposes ``SCREENS = {name: factory}`` (see ui.window)."""
