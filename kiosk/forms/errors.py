"""The error a broken form file gives: it names the file, the field and the reason."""

from __future__ import annotations

from kiosk.errors import InvalidInput


class FormError(InvalidInput):
    """A form (or glossary, intake, rules) file that cannot be used."""

    def __init__(self, file: str, reason: str, field: str | None = None) -> None:
        where = f"{file}, field {field!r}" if field else file
        super().__init__(
            f"broken form file {where}: {reason}",
            f"Die Formulardatei {file} ist fehlerhaft"
            + (f" (Feld „{field}“)" if field else "")
            + f": {reason}. Bitte die IT informieren; dieser Antrag kann so nicht geöffnet werden.",
        )
        self.file = file
        self.field = field
        self.reason = reason
