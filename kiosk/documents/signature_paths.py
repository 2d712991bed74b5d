"""The family's handwritten signature as vector paths: only the shape of each stroke (x, y)
leaves the encrypted store — timing and pressure are never written into a document."""

from __future__ import annotations

from typing import Any

Path = list[tuple[float, float]]


def stroke_paths(strokes: dict[str, Any], x: float, y: float, width: float,
                 height: float) -> list[Path]:
    """The strokes scaled uniformly into the box (``x``, ``y``, ``width``, ``height``, mm),
    centred, as polylines of (x, y) points; a one-point stroke becomes a dot."""
    pad_w = float(strokes.get("width") or 1.0)
    pad_h = float(strokes.get("height") or 1.0)
    scale = min(width / pad_w, height / pad_h)
    off_x = x + (width - pad_w * scale) / 2
    off_y = y + (height - pad_h * scale) / 2
    paths: list[Path] = []
    for stroke in strokes.get("strokes", ()):
        points = [(round(off_x + float(p[0]) * scale, 2), round(off_y + float(p[1]) * scale, 2))
                  for p in stroke]
        if len(points) == 1:
            px, py = points[0]
            points = [(px, py), (px + 0.2, py)]
        if points:
            paths.append(points)
    return paths
