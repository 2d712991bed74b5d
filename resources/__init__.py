"""Data of the kiosk (forms, schemas, translations, styles); no code. Located through
``kiosk.resources``."""
