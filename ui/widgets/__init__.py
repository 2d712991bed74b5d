"""Reusable widgets: signature pad, PIN pad, sync indicator."""
