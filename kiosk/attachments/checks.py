"""Checks a supporting document (PDF, JPEG, PNG) and returns the bytes that may be kept.

The file's first bytes decide what it is, never its name. A PDF is opened with pikepdf and
refused if it is encrypted or carries JavaScript, actions that run on opening, launch
actions, forms that submit or embedded files; it is then written anew (anything after its
end is dropped). An image is decoded with Pillow (a pixel limit against decompression bombs),
turned upright from its EXIF orientation, downscaled to at most ``MAX_SIDE`` pixels on the long
side and encoded again without any metadata: no EXIF (GPS included), XMP or text chunks.
"""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from kiosk.errors import InvalidInput

if TYPE_CHECKING:
    import pikepdf
    from PIL import Image

# pikepdf and Pillow load only when a document is attached (the kiosk starts faster).

log = logging.getLogger(__name__)

#: The largest file taken (a multi-page scan at 300 dpi fits well below it).
MAX_BYTES = 20 * 1024 * 1024
#: The long side of a kept image: A4 at 300 dpi, legible for any office.
MAX_SIDE = 2480
#: Decoded pixels at most (below Pillow's own bomb warning of ~89 million).
MAX_PIXELS = 80_000_000
JPEG_QUALITY = 85

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
_MAGIC = ((b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG))
_PIL_FORMATS = {JPEG: ("JPEG",), PNG: ("PNG",)}  # JPEG opens multi-picture (MPO) photos too
# Keys and action types that make a PDF do something when it is opened or clicked.
_ACTIVE_KEYS = ("/JS", "/JavaScript", "/OpenAction", "/AA", "/Launch", "/XFA", "/EF",
                "/EmbeddedFiles", "/RichMedia")
_ACTIVE_ACTIONS = ("/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToE",
                   "/GoToR", "/Rendition", "/Sound", "/Movie", "/RichMediaExecute")
_ACTIVE_TYPES = ("/EmbeddedFile", "/Filespec")


class FileRefused(InvalidInput):
    """The file is not taken; ``user_message`` says why, in German."""


@dataclass(frozen=True)
class Cleaned:
    """What is kept: ``mime``, the cleaned bytes, and for images the size in pixels."""

    mime: str
    data: bytes
    width: int | None = None
    height: int | None = None
    downscaled: bool = False


def _refuse(reason: str, message: str) -> FileRefused:
    log.info("supporting document refused: %s", reason)
    return FileRefused(f"supporting document refused: {reason}", message)


def too_large(size: int) -> FileRefused:
    return _refuse(f"{size} bytes, over {MAX_BYTES}",
                   f"Die Datei ist zu groß (höchstens {MAX_BYTES // (1024 * 1024)} MB). "
                   "Bitte mit geringerer Auflösung scannen oder weniger Seiten je Datei.")


def read_limited(stream: IO[bytes]) -> bytes:
    """At most ``MAX_BYTES`` from ``stream``; a longer file is refused after reading one byte
    past the limit (never the whole of it)."""
    chunks, size = [], 0
    while size <= MAX_BYTES:
        chunk = stream.read(min(1024 * 1024, MAX_BYTES + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > MAX_BYTES:
        raise too_large(size)
    return b"".join(chunks)


def sniff(data: bytes) -> str | None:
    """The type the first bytes say (``PDF``, ``JPEG``, ``PNG``), else ``None``."""
    for magic, mime in _MAGIC:
        if data.startswith(magic):
            return mime
    return None


def clean(data: bytes, filename: str = "") -> Cleaned:
    """``data`` checked and cleaned (see the module text); :class:`FileRefused` with a German
    message otherwise. ``filename`` only names the file in that message."""
    shown = f"„{filename}“" if filename else "Die Datei"
    if len(data) > MAX_BYTES:
        raise too_large(len(data))
    if not data:
        raise _refuse("empty", f"{shown} ist leer.")
    mime = sniff(data)
    if mime is None:
        raise _refuse("not PDF, JPEG or PNG by its first bytes",
                      f"{shown} ist kein PDF, JPEG oder PNG (der Inhalt passt nicht, gleich "
                      "wie die Datei heißt). Es wurde nichts gespeichert.")
    if mime == PDF:
        return Cleaned(PDF, _clean_pdf(data, shown))
    return _clean_image(data, mime, shown)


# --- PDF ----------------------------------------------------------------------------------
def _active_content(pdf: pikepdf.Pdf) -> str | None:
    """The first thing in ``pdf`` that acts by itself, as a PDF name; ``None`` if none.
    Every indirect object is looked at, and the dictionaries and arrays written inside it
    (an annotation's action is often not an object of its own)."""
    import pikepdf

    def found_in(obj: object, depth: int) -> str | None:
        if isinstance(obj, pikepdf.Stream):
            obj = obj.stream_dict
        if isinstance(obj, pikepdf.Dictionary):
            for key in _ACTIVE_KEYS:
                if key in obj:
                    return key
            for key, wanted in (("/S", _ACTIVE_ACTIONS), ("/Type", _ACTIVE_TYPES)):
                value = obj.get(key)
                if isinstance(value, pikepdf.Name) and str(value) in wanted:
                    return str(value)
            children: list[object] = list(obj.values())
        elif isinstance(obj, pikepdf.Array):
            children = list(obj)
        else:
            return None
        if depth > 32:  # deeper than any real document nests: a crafted file
            return "/TooDeep"
        for child in children:
            if isinstance(child, (pikepdf.Dictionary, pikepdf.Array)) and not child.is_indirect:
                hit = found_in(child, depth + 1)
                if hit is not None:
                    return hit
        return None

    for obj in pdf.objects:
        hit = found_in(obj, 0)
        if hit is not None:
            return hit
    return None


def _clean_pdf(data: bytes, shown: str) -> bytes:
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise _refuse("encrypted PDF", f"{shown} ist ein verschlüsseltes PDF. Bitte ohne "
                      "Kennwort speichern oder als Bild scannen.") from None
    except pikepdf.PdfError:
        raise _refuse("unreadable PDF", f"{shown} ist kein lesbares PDF.") from None
    with pdf:
        if pdf.is_encrypted:
            raise _refuse("encrypted PDF", f"{shown} ist ein verschlüsseltes PDF. Bitte ohne "
                          "Kennwort speichern oder als Bild scannen.")
        try:
            pages = len(pdf.pages)
            found = _active_content(pdf)
        except pikepdf.PdfError:
            raise _refuse("unreadable PDF", f"{shown} ist kein lesbares PDF.") from None
        if pages == 0:
            raise _refuse("PDF without pages", f"{shown} enthält keine Seite.")
        if found is not None:
            raise _refuse(f"PDF with active content {found}",
                          f"{shown} enthält Skripte, Aktionen oder eingebettete Dateien und "
                          "wird aus Sicherheitsgründen nicht angenommen. Bitte das Dokument "
                          "ausdrucken und einscannen.")
        out = io.BytesIO()
        try:
            pdf.save(out)  # written anew: bytes appended after the PDF's end do not survive
        except pikepdf.PdfError:
            raise _refuse("unwritable PDF", f"{shown} ist kein lesbares PDF.") from None
    return out.getvalue()


# --- images -------------------------------------------------------------------------------
def _clean_image(data: bytes, mime: str, shown: str) -> Cleaned:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Pillow warns of corrupt EXIF and the like: the EXIF is dropped anyway.
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=_PIL_FORMATS[mime])
            if image.width * image.height > MAX_PIXELS:
                raise _refuse(f"{image.width}x{image.height} pixels",
                              f"{shown} hat zu viele Bildpunkte "
                              f"({image.width} × {image.height}). Bitte kleiner aufnehmen.")
            original = image.size
            if mime == JPEG:  # decode a big photo at a reduced scale straight away
                image.draft(None, (MAX_SIDE, MAX_SIDE))
            image.load()
            upright = ImageOps.exif_transpose(image)
    except FileRefused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError,
            Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse("unreadable image", f"{shown} ist kein lesbares Bild "
                      "(beschädigt oder unvollständig).") from None
    upright = _plain_mode(upright, mime)
    upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    # A new image with the pixels only: no EXIF, XMP, ICC, comments or text chunks go along.
    bare = Image.new(upright.mode, upright.size)
    bare.paste(upright)
    if upright.mode == "P":
        bare.putpalette(upright.getpalette() or [])
    out = io.BytesIO()
    if mime == JPEG:
        bare.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        bare.save(out, format="PNG", optimize=True)
    return Cleaned(mime, out.getvalue(), bare.width, bare.height,
                   max(original) > MAX_SIDE)


def _plain_mode(image: Image.Image, mime: str) -> Image.Image:
    """The image in a mode its format writes plainly (JPEG: RGB or grey; PNG: no 16-bit)."""
    if mime == JPEG:
        return image if image.mode in ("RGB", "L") else image.convert("RGB")
    if image.mode == "P" and "transparency" in image.info:
        return image.convert("RGBA")
    if image.mode in ("1", "L", "LA", "P", "RGB", "RGBA"):
        return image
    return image.convert("RGBA" if "A" in image.mode else "RGB")
