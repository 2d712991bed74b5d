"""Handwritten signatures as strokes of timed points — the Qt-free model behind the pad."""

from kiosk.signature.model import (
    FORMAT,
    Point,
    Signature,
    Stroke,
)

__all__ = ["FORMAT", "Point", "Signature", "Stroke"]
