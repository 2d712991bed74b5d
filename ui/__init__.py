"""FVO Kiosk user interface (PySide6): kiosk window, counsellor screens, family mode.

The only package that imports Qt; it calls the core (``kiosk``) through a few worker helpers.
"""
