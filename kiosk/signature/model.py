"""Strokes of a handwritten signature, independent of any GUI toolkit.

A signature is drawn on a pad of a known size (in pad pixels). Each stroke is the path of one
finger, pen or mouse drag: points with position, time since the signature began (ms) and
pressure (0..1; mouse and touch without pressure report 1.0 or a device default).

The pad keeps an undo history of whole strokes (and of "clear"), so a family can take back
the last stroke or the whole attempt. ``problem()`` says in German why a signature cannot be
accepted yet (empty, or too short to be a signature); ``problem_key()`` gives the same as a
translation key for the family's language.

``to_dict()`` is JSON-safe and compact: coordinates rounded to 0.1 px, pressure to 0.01.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.errors import InvalidInput

FORMAT = 1

# A signature must cover a path of at least this fraction of the pad's longer side, with at
# least this many points; a dot, a tap or a short tick is refused.
MIN_POINTS = 12
MIN_PATH_FRACTION = 0.35
# ...and span at least this fraction of the pad's longer side in one direction.
MIN_EXTENT_FRACTION = 0.12

PROBLEM_EMPTY = "signature.empty"
PROBLEM_TOO_SHORT = "signature.too_short"

_PROBLEMS_DE = {
    PROBLEM_EMPTY: "Es wurde noch nicht unterschrieben. Bitte im Feld unterschreiben.",
    PROBLEM_TOO_SHORT: (
        "Die Unterschrift ist zu kurz. Bitte mit dem vollen Namenszug im Feld unterschreiben."
    ),
}

# Limits that keep a stored signature bounded (a real one has a few hundred points).
MAX_STROKES = 200
MAX_POINTS = 20_000


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float
    t_ms: int
    pressure: float = 1.0


@dataclass(frozen=True, slots=True)
class Stroke:
    points: tuple[Point, ...]

    def __len__(self) -> int:
        return len(self.points)

    def __iter__(self) -> Iterator[Point]:
        return iter(self.points)

    def length(self) -> float:
        """Length of the polyline through the points, in pad pixels."""
        pts = self.points
        return sum(math.hypot(b.x - a.x, b.y - a.y) for a, b in zip(pts, pts[1:], strict=False))


BBox = tuple[float, float, float, float]


def _bbox(points: Iterable[Point]) -> BBox | None:
    xs: list[float] = []
    ys: list[float] = []
    for p in points:
        xs.append(p.x)
        ys.append(p.y)
    if not xs:
        return None
    return (min(xs), min(ys), max(xs), max(ys))


def _clamp01(value: float) -> float:
    if not math.isfinite(value):
        return 1.0
    return min(1.0, max(0.0, value))


class Signature:
    """The strokes drawn on a pad of ``width`` x ``height`` pad pixels, with undo/redo."""

    def __init__(self, width: float, height: float) -> None:
        if not (width > 0 and height > 0 and math.isfinite(width) and math.isfinite(height)):
            raise InvalidInput(
                f"pad size must be positive, got {width}x{height}",
                "Das Unterschriftenfeld hat keine gültige Größe.",
            )
        self.width = float(width)
        self.height = float(height)
        self._strokes: tuple[Stroke, ...] = ()
        self._current: list[Point] | None = None
        self._past: list[tuple[Stroke, ...]] = []
        self._future: list[tuple[Stroke, ...]] = []

    # --- drawing -------------------------------------------------------------------------
    def begin_stroke(self, point: Point) -> None:
        """Start a new stroke (finishing one still open)."""
        if self._current is not None:
            self.end_stroke()
        self._current = [self._normalise(point)]

    def add_point(self, point: Point) -> None:
        """Continue the open stroke; starts one if none is open. Repeated positions are
        dropped (a resting finger sends many identical points)."""
        if self._current is None:
            self.begin_stroke(point)
            return
        p = self._normalise(point)
        last = self._current[-1]
        if math.hypot(p.x - last.x, p.y - last.y) < 0.05:
            return
        if self.point_count() + len(self._current) >= MAX_POINTS:
            return
        self._current.append(p)

    def end_stroke(self) -> None:
        """Finish the open stroke; it becomes one undoable step."""
        if self._current is None:
            return
        stroke = Stroke(tuple(self._current))
        self._current = None
        if len(self._strokes) >= MAX_STROKES:
            return
        self._push_state(self._strokes + (stroke,))

    def _normalise(self, p: Point) -> Point:
        x = p.x if math.isfinite(p.x) else 0.0
        y = p.y if math.isfinite(p.y) else 0.0
        return Point(
            min(self.width, max(0.0, float(x))),
            min(self.height, max(0.0, float(y))),
            max(0, int(p.t_ms)),
            _clamp01(float(p.pressure)),
        )

    # --- history -------------------------------------------------------------------------
    def _push_state(self, strokes: tuple[Stroke, ...]) -> None:
        self._past.append(self._strokes)
        self._strokes = strokes
        self._future.clear()

    def clear(self) -> None:
        """Remove every stroke (undoable)."""
        self._current = None
        if self._strokes:
            self._push_state(())

    def can_undo(self) -> bool:
        return bool(self._past)

    def can_redo(self) -> bool:
        return bool(self._future)

    def undo(self) -> bool:
        """Take back the last step (a stroke, or a clear). Returns whether anything changed."""
        self._current = None
        if not self._past:
            return False
        self._future.append(self._strokes)
        self._strokes = self._past.pop()
        return True

    def redo(self) -> bool:
        self._current = None
        if not self._future:
            return False
        self._past.append(self._strokes)
        self._strokes = self._future.pop()
        return True

    # --- reading -------------------------------------------------------------------------
    @property
    def strokes(self) -> tuple[Stroke, ...]:
        """Finished strokes (the open one, if any, is in ``current_points``)."""
        return self._strokes

    @property
    def current_points(self) -> tuple[Point, ...]:
        return tuple(self._current or ())

    def is_empty(self) -> bool:
        return not self._strokes and not self._current

    def point_count(self) -> int:
        return sum(len(s) for s in self._strokes)

    def path_length(self) -> float:
        return sum(s.length() for s in self._strokes)

    def bounding_box(self) -> BBox | None:
        """(min_x, min_y, max_x, max_y) over all finished strokes, or None if empty."""
        return _bbox(p for s in self._strokes for p in s)

    def problem_key(self) -> str | None:
        """Why this signature cannot be accepted, as a translation key; None if it can."""
        if not self._strokes:
            return PROBLEM_EMPTY
        side = max(self.width, self.height)
        box = self.bounding_box()
        assert box is not None
        extent = max(box[2] - box[0], box[3] - box[1])
        if (
            self.point_count() < MIN_POINTS
            or self.path_length() < MIN_PATH_FRACTION * side
            or extent < MIN_EXTENT_FRACTION * side
        ):
            return PROBLEM_TOO_SHORT
        return None

    def problem(self) -> str | None:
        """Why this signature cannot be accepted, in German; None if it can."""
        key = self.problem_key()
        return _PROBLEMS_DE[key] if key else None

    # --- (de)serialisation ---------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form of the finished strokes: ``{"format", "width", "height",
        "strokes": [[[x, y, t_ms, pressure], ...], ...]}``."""
        return {
            "format": FORMAT,
            "width": round(self.width, 1),
            "height": round(self.height, 1),
            "strokes": [
                [[round(p.x, 1), round(p.y, 1), p.t_ms, round(p.pressure, 2)] for p in s]
                for s in self._strokes
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Signature:
        """Rebuild a signature from ``to_dict()`` output; raises InvalidInput if malformed."""
        try:
            if data.get("format") != FORMAT:
                raise ValueError(f"unknown signature format {data.get('format')!r}")
            sig = cls(float(data["width"]), float(data["height"]))
            raw_strokes = data["strokes"]
            if not isinstance(raw_strokes, list) or len(raw_strokes) > MAX_STROKES:
                raise ValueError(f"strokes must be a list of at most {MAX_STROKES} strokes")
            strokes: list[Stroke] = []
            total = 0
            for raw in raw_strokes:
                if not isinstance(raw, list) or not raw:
                    raise ValueError("each stroke must be a non-empty list of points")
                pts = []
                for item in raw:
                    if not isinstance(item, list | tuple) or len(item) != 4:
                        raise ValueError("each point must be [x, y, t_ms, pressure]")
                    x, y, t, pr = item
                    if isinstance(t, bool) or not isinstance(t, int):
                        raise ValueError("t_ms must be an integer")
                    vals = [float(x), float(y), float(pr)]
                    if not all(math.isfinite(v) for v in vals):
                        raise ValueError("point values must be finite numbers")
                    pts.append(sig._normalise(Point(vals[0], vals[1], t, vals[2])))
                total += len(pts)
                if total > MAX_POINTS:
                    raise ValueError("too many points")
                strokes.append(Stroke(tuple(pts)))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InvalidInput(
                f"malformed signature data: {exc}",
                "Die gespeicherte Unterschrift ist unlesbar.",
            ) from exc
        sig._strokes = tuple(strokes)
        return sig
