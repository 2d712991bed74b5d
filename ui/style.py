"""The kiosk's look: QSS from ``resources/style/``, with large-text and high-contrast switches.

``kiosk.qss`` holds the base style with font sizes as ``${name}`` placeholders, so one file
serves normal and large text (``${style_dir}`` is this folder, for images);
``high_contrast.qss`` is laid over it when switched on.
"""

from __future__ import annotations

from functools import cache
from string import Template

from PySide6.QtWidgets import QApplication

from kiosk.resources import resource_path

STYLE_DIR = resource_path("style")

# Font sizes in px: normal and large text.
_SIZES = {
    False: {"small": 15, "base": 18, "subheading": 21, "heading": 26, "family": 24,
            "family_heading": 32},
    # Family mode is large type already; large text adds less there, so a claim in
    # Russian still fits beside the signature pad at 1024×768.
    True: {"small": 20, "base": 24, "subheading": 28, "heading": 34, "family": 27,
           "family_heading": 36},
}


@cache
def _read(name: str) -> str:
    return (STYLE_DIR / name).read_text(encoding="utf-8")


def stylesheet(large_text: bool = False, high_contrast: bool = False) -> str:
    values = {**_SIZES[large_text], "style_dir": STYLE_DIR.as_posix()}
    qss = Template(_read("kiosk.qss")).substitute(values)
    if high_contrast:
        qss += "\n" + Template(_read("high_contrast.qss")).substitute(values)
    return qss


def apply(app: QApplication, large_text: bool = False, high_contrast: bool = False) -> None:
    app.setStyleSheet(stylesheet(large_text, high_contrast))
    app.setProperty("fvo_large_text", large_text)
    app.setProperty("fvo_high_contrast", high_contrast)
