"""Where the kiosk's data files live: the ``resources`` package (forms, schemas,
translations, styles, demo configuration), found through :mod:`importlib.resources` so
that an installed wheel works outside the checkout, exactly like the checkout itself.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path


@cache
def resources_root() -> Path:
    """The folder of the ``resources`` package (a real folder: wheels are installed
    unpacked, and the kiosk never runs from a zip)."""
    return Path(str(files("resources")))


def resource_path(*parts: str) -> Path:
    """``resource_path("forms", "terms.yaml")`` → that file inside ``resources``."""
    return resources_root().joinpath(*parts)
