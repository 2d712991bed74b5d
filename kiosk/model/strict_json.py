"""The one strict way a household document enters the kiosk: bounded bytes and nesting,
integers only (no floats, exponents, NaN or endless digits), no duplicate keys, NFC text
without control, bidi-override or surrogate characters — every refusal named by JSON path.

``json`` itself would accept ``1.85e5`` as a float the eligibility rules then ignore, recurse
until ``RecursionError`` on deep nesting, spend quadratic time on a 5000-digit integer (and
refuse it with a bare ``ValueError``) and let the last of two equal keys win in silence.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
import unicodedata
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, BinaryIO

from kiosk.errors import InvalidInput
from kiosk.model.problems import Problem

#: Largest document read. A household at every schema bound, pretty-printed, is ~0.4 MiB;
#: a case export adds claims and signatures. Bigger input is refused after reading this much.
MAX_DOCUMENT_BYTES = 2 * 1024 * 1024
#: The household nests 6 levels deep, a case export 8; anything deeper is not ours.
MAX_DEPTH = 32
#: Money is at most 10^10 cents (11 digits); 18 digits still fit a 64-bit integer.
MAX_INT_DIGITS = 18
#: Safety caps above every bound of the household schema (20 children, 50 incomes, 200
#: characters …), so that a hostile document is refused before the schema walks it.
MAX_ARRAY_ITEMS = 100
MAX_OBJECT_KEYS = 100
MAX_STRING_CHARS = 1000

#: C0 and C1 controls (NUL, ESC, tab, newline …), line and paragraph separators, the bidi
#: embeddings/overrides U+202A–U+202E and isolates U+2066–U+2069, lone surrogates.
#: ZWNJ/ZWJ (U+200C/U+200D) stay allowed: Persian and Indic names need them.
_FORBIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_search = _FORBIDDEN.search
#: A JSON string (possessive: no backtracking on unterminated strings), for the depth scan.
_JSON_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


@dataclass(frozen=True)
class Rejected:
    """A JSON number the kiosk refuses (float, exponent, NaN/Infinity, over-long integer),
    kept in place so that the refusal can name its JSON path."""

    kind: str  # "float" | "constant" | "integer"
    text: str


class _Object(dict[str, Any]):
    """A parsed JSON object that remembers which of its keys appeared more than once."""

    duplicates: tuple[str, ...] = ()


_MESSAGES = {
    "float": "Zahl mit Komma, Nachkommastellen oder Exponent: Beträge bitte als ganze Zahl "
             "in Cent angeben (z. B. 185000 für 1.850,00 €).",
    "constant": "NaN/Infinity ist keine Zahl.",
    "integer": f"Zahl mit zu vielen Stellen (höchstens {MAX_INT_DIGITS}).",
    "control": "Enthält ein Steuerzeichen (z. B. Zeilenumbruch, Tabulator, ESC oder NUL).",
    "bidi": "Enthält ein unsichtbares Zeichen, das die Schreibrichtung umstellt "
            "(U+202A–U+202E, U+2066–U+2069).",
    "surrogate": "Enthält ein ungültiges Unicode-Zeichen (einzelnes Surrogat).",
    "duplicate": "Schlüssel mehrfach im selben Objekt.",
    "key": "Ungültiger Schlüssel (Steuer-, Richtungs- oder ungültiges Unicode-Zeichen).",
}


def _problem(path: str, kind: str, message: str | None = None) -> Problem:
    return Problem(path, message or _MESSAGES[kind], f"input.{kind}")


# --- reading -------------------------------------------------------------------------


def read_document(source: str, stdin: BinaryIO | None = None,
                  limit: int = MAX_DOCUMENT_BYTES) -> bytes:
    """At most ``limit`` bytes of the file named ``source`` (``-``: standard input).

    Refuses (``InvalidInput``) a directory, a missing or unreadable file, an empty name and
    anything longer than ``limit`` — without reading more than ``limit + 1`` bytes, so
    ``/dev/zero`` or an endless pipe cannot hang the kiosk or fill its memory.
    """
    if source == "":
        raise InvalidInput("empty file name", "$: Kein Dateiname angegeben.")
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return _bounded(stream.read(limit + 1), limit, "Die Eingabe")
    try:
        # O_NONBLOCK: opening a FIFO without a writer must not block; reads block again.
        fd = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InvalidInput(f"{source!r} not found",
                           f"$: Die Datei {source} gibt es nicht.") from None
    except IsADirectoryError:
        raise InvalidInput(f"{source!r} is a directory",
                           f"$: {source} ist ein Verzeichnis, keine Datei.") from None
    except OSError as exc:
        raise InvalidInput(f"{source!r} unreadable: {exc.strerror}",
                           f"$: Die Datei {source} lässt sich nicht lesen.") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InvalidInput(f"{source!r} is a directory",
                               f"$: {source} ist ein Verzeichnis, keine Datei.")
        if stat.S_ISREG(mode) and os.fstat(fd).st_size > limit:
            raise InvalidInput(f"{source!r} larger than {limit} bytes", _too_big("Die Datei"))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InvalidInput(f"{source!r} unreadable: {exc.strerror}",
                           f"$: Die Datei {source} lässt sich nicht lesen.") from None
    finally:
        os.close(fd)
    return _bounded(data, limit, "Die Datei")


def _too_big(what: str, limit: int = MAX_DOCUMENT_BYTES) -> str:
    return f"$: {what} ist größer als {limit // (1024 * 1024)} MiB."


def _bounded(data: bytes, limit: int, what: str) -> bytes:
    if len(data) > limit:
        raise InvalidInput(f"input larger than {limit} bytes", _too_big(what, limit))
    return data


# --- parsing -------------------------------------------------------------------------


def parse_document(raw: bytes) -> Any:
    """The JSON value of ``raw`` (UTF-8, a BOM allowed), nesting checked *before* parsing.

    Floats, NaN/Infinity and integers longer than :data:`MAX_INT_DIGITS` come back as
    :class:`Rejected` (reported with their path by :func:`strict_problems`); objects
    remember duplicate keys. Raises ``InvalidInput`` for text that is not JSON.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("input is not UTF-8",
                           "$: Die Datei ist nicht UTF-8-kodiert.") from None
    check_depth(text)
    try:
        return json.loads(text, parse_float=_float, parse_int=_int,
                          parse_constant=_constant, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"not JSON (line {exc.lineno}, column {exc.colno})",
            f"$: Die Datei ist kein gültiges JSON (Zeile {exc.lineno}, Spalte {exc.colno}).",
        ) from None
    except (RecursionError, ValueError):  # a backstop: check_depth should have said so
        raise InvalidInput("not JSON", "$: Die Datei ist kein gültiges JSON.") from None


def check_depth(text: str, limit: int = MAX_DEPTH) -> None:
    """Refuse JSON text nesting arrays/objects deeper than ``limit`` (brackets inside
    strings do not count); linear time, no recursion."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    if not brackets:
        return
    deepest = max(accumulate(map(_BRACKET_STEP.__getitem__, brackets)))
    if deepest > limit:
        raise InvalidInput(f"JSON nested deeper than {limit}",
                           f"$: Zu tief verschachtelt (mehr als {limit} Ebenen).")


def _float(text: str) -> Rejected:
    return Rejected("float", text[:40])


def _int(text: str) -> int | Rejected:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        return Rejected("integer", text[:40])
    return int(text)


def _constant(text: str) -> Rejected:
    return Rejected("constant", text)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = _Object(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        duplicates = []
        for key, _value in pairs:
            if key in seen:
                duplicates.append(key)
            seen.add(key)
        obj.duplicates = tuple(duplicates)
    return obj


# --- checking ------------------------------------------------------------------------


def strict_problems(doc: Any) -> list[Problem]:
    """Every value of ``doc`` the kiosk refuses on principle, by JSON path: floats and
    :class:`Rejected` numbers, duplicate keys, forbidden characters in strings and keys,
    arrays/objects/strings beyond the safety caps, nesting beyond :data:`MAX_DEPTH`."""
    if _clean(doc, 0):
        return []  # the common case: no paths to build
    out: list[Problem] = []
    _walk(doc, "$", 0, out, False)
    return out


def is_oversized(problems: list[Problem]) -> bool:
    """True if ``problems`` include a safety cap: then nothing else should walk the doc."""
    return any(p.key == "input.size" for p in problems)


def normalised(doc: Any) -> Any:
    """A copy of ``doc`` with every string and key in Unicode NFC (composed) form."""
    out: list[Problem] = []
    return _walk(doc, "$", 0, out, True)


def _duplicates(node: dict[str, Any]) -> tuple[str, ...]:
    return node.duplicates if isinstance(node, _Object) else ()


def _clean(node: Any, depth: int) -> bool:
    """True if :func:`_walk` would find nothing: the same rules without building paths
    (``validate_household`` runs on every keystroke of the intake, so this stays lean)."""
    kind = type(node)
    if kind is str:
        return len(node) <= MAX_STRING_CHARS and _search(node) is None
    if node is None or kind is bool or kind is int:
        return True
    if depth >= MAX_DEPTH:
        return False
    if isinstance(node, dict):
        if len(node) > MAX_OBJECT_KEYS or _duplicates(node):
            return False
        try:
            if _search(" ".join(node)) is not None:
                return False
        except TypeError:  # a key that is not a string
            return False
        values: Any = node.values()
    elif isinstance(node, list):
        if len(node) > MAX_ARRAY_ITEMS:
            return False
        values = node
    else:
        return False
    for value in values:
        kind = type(value)
        if kind is str:
            if len(value) > MAX_STRING_CHARS or _search(value) is not None:
                return False
        elif not (value is None or kind is int or kind is bool or _clean(value, depth + 1)):
            return False
    return True


def _walk(node: Any, path: str, depth: int, out: list[Problem], copy: bool) -> Any:
    if isinstance(node, str):
        if len(node) > MAX_STRING_CHARS:
            out.append(Problem(path, f"Zu lang (höchstens {MAX_STRING_CHARS} Zeichen).",
                               "input.size"))
        else:
            _check_text(node, path, out)
        if copy and not node.isascii():
            return unicodedata.normalize("NFC", node)
        return node
    if node is None or isinstance(node, bool | int):
        return node
    if depth >= MAX_DEPTH:
        out.append(Problem(path, f"Zu tief verschachtelt (mehr als {MAX_DEPTH} Ebenen).",
                           "input.size"))
        return node
    if isinstance(node, dict):
        if len(node) > MAX_OBJECT_KEYS:
            out.append(Problem(path, f"Zu viele Felder (höchstens {MAX_OBJECT_KEYS}).",
                               "input.size"))
            return node
        duplicates = _duplicates(node)
        for key in duplicates:
            out.append(_problem(_key_path(path, key), "duplicate"))
        result = _Object()
        result.duplicates = duplicates  # the copy is checked again: keep what was seen
        for key, value in node.items():
            if not isinstance(key, str):
                out.append(_problem(path, "key"))
                continue
            sub = _key_path(path, key)
            if _FORBIDDEN.search(key):
                out.append(_problem(sub, "key"))
            item = _walk(value, sub, depth + 1, out, copy)
            if copy:
                composed = unicodedata.normalize("NFC", key)
                if composed in result:  # two spellings of one key ("K" and U+212A)
                    out.append(_problem(sub, "duplicate"))
                    result.duplicates += (composed,)
                result[composed] = item
        return result if copy else node
    if isinstance(node, list | tuple):
        if len(node) > MAX_ARRAY_ITEMS:
            out.append(Problem(path, f"Zu viele Einträge (höchstens {MAX_ARRAY_ITEMS}).",
                               "input.size"))
            return node
        items = [_walk(item, f"{path}[{i}]", depth + 1, out, copy)
                 for i, item in enumerate(node)]
        return items if copy else node
    if isinstance(node, Rejected):
        out.append(_problem(path, node.kind))
    elif isinstance(node, float):
        out.append(_problem(path, "constant" if node != node or node in (
            float("inf"), float("-inf")) else "float"))
    else:
        out.append(Problem(path, "Wert ist kein JSON-Wert.", "input.type"))
    return node


def _check_text(text: str, path: str, out: list[Problem]) -> None:
    if _FORBIDDEN.search(text) is None:
        return
    kinds = {_char_kind(m.group()) for m in _FORBIDDEN.finditer(text)}
    for kind in ("control", "bidi", "surrogate"):
        if kind in kinds:
            out.append(_problem(path, kind))


def _char_kind(char: str) -> str:
    if "\ud800" <= char <= "\udfff":
        return "surrogate"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return "bidi"
    return "control"


def _key_path(path: str, key: str) -> str:
    """``$.applicant`` for a plain key, else ``$["…"]`` with the key escaped (ASCII only,
    shortened), so that a hostile key cannot garble the terminal that shows the path."""
    if _PLAIN_KEY.fullmatch(key):
        return f"{path}.{key}"
    shown = json.dumps(key[:40], ensure_ascii=True)
    return f"{path}[{shown}]"
