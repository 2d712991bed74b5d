"""A signature recorded from a pad, as the demo station and the tests replay it: three
strokes of a flowing hand (a looped initial, a wave, an underline), deterministic for a
given ``seed`` so that demo content and tests are reproducible."""

from __future__ import annotations

import math
from typing import Any

from kiosk.signature.model import Point, Signature

PAD_WIDTH = 600.0
PAD_HEIGHT = 200.0


def recorded_signature(seed: int = 0) -> dict[str, Any]:
    """Strokes in the stored format (``Signature.to_dict()``), accepted by the checks."""
    sig = Signature(PAD_WIDTH, PAD_HEIGHT)
    shift = (seed % 7) * 6.0
    t = 0
    # A looped initial.
    for i in range(40):
        a = i / 39 * 2.2 * math.pi
        sig.add_point(Point(90 + shift + 40 * math.sin(a), 100 - 55 * math.cos(a * 0.5), t,
                            0.45 + 0.2 * math.sin(a)))
        t += 12
    sig.end_stroke()
    # The name as a wave of small loops.
    for i in range(80):
        x = 150 + shift + i * 4.2
        sig.add_point(Point(x, 110 + 22 * math.sin(i / 3.1 + seed) - 8 * math.cos(i / 1.7),
                            t, 0.5 + 0.25 * math.sin(i / 5)))
        t += 10
    sig.end_stroke()
    t += 200
    # An underline.
    for i in range(20):
        sig.add_point(Point(120 + shift + i * 18, 165 + 3 * math.sin(i), t, 0.4))
        t += 8
    sig.end_stroke()
    return sig.to_dict()
