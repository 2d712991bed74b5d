"""fvo-kiosk-admin: the IT/admin command line."""
