"""FVO Kiosk core: household, claims, encrypted store, keys and sync — usable without Qt."""

__version__ = "0.1.0"
