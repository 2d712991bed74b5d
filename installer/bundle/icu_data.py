"""Qt's ICU data library (libicudata, 32 MB) cut down to what the kiosk's Qt calls read.

Qt links ICU for four things only: collation (QCollator), case mapping with a locale
(QLocale::toUpper), the non-UTF text codecs (QStringDecoder) and time zone names
(QTimeZone::displayName); Qt shapes text with HarfBuzz and breaks lines with its own tables.
So the bundle keeps the collation, calendar, region and zone-name data of the kiosk's
languages and root, the alias table and the small single-byte codecs, and drops the other
languages, break-iterator dictionaries, transliteration, spell-out rules, unit, currency and
language names, and the large East Asian codecs (about 3.6 of 32 MB stay).

`icupkg` (Debian: icu-devtools) removes the items; the result is assembled (binutils `as`,
`ld`) into a library with the same name and symbol as the original, so nothing changes at
run time. Linux only: the Windows bundle uses Windows' own ICU.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

# Item trees never read by Qt's ICU calls (see above).
DROP_TREES = frozenset({"brkitr", "translit", "rbnf", "unit", "curr", "lang"})
# Stringprep profiles, spoof checks, dictionaries and character names: no Qt call uses them.
DROP_KINDS = frozenset({".spp", ".cfu", ".dict"})
DROP_ITEMS = frozenset({"unames.icu"})
# Codec tables above this size are the East Asian multi-byte ones; the single-byte tables
# (windows-125x, ISO 8859-x, KOI8 ...) are a few KB each and stay.
MAX_CODEC_BYTES = 20_000
_LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*$")
_NOT_LOCALES = frozenset({"res_index", "pool", "root"})


def _run(*cmd: str | Path) -> str:
    return subprocess.run([str(c) for c in cmd], check=True, capture_output=True,
                          text=True).stdout


def _data_symbol(lib: Path) -> tuple[str, bytes]:
    """The ICU common data blob (`icudtNN_dat`) inside the library, and its symbol name."""
    symbols = _run("nm", "-D", "-S", "--defined-only", lib)
    found = re.search(r"^([0-9a-f]+) ([0-9a-f]+) \w (icudt\d+_dat)$", symbols, re.M)
    if not found:
        raise SystemExit(f"bundle: no icudtNN_dat symbol in {lib}")
    address, size, name = int(found[1], 16), int(found[2], 16), found[3]
    for line in _run("readelf", "-SW", lib).splitlines():
        # [Nr] Name Type Address Off Size ...
        parts = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)",
                         line)
        if not parts:
            continue
        start, offset, length = (int(parts[i], 16) for i in (2, 3, 4))
        if start <= address and address + size <= start + length:
            with lib.open("rb") as f:
                f.seek(offset + address - start)
                return name, f.read(size)
    raise SystemExit(f"bundle: {name} lies in no section of {lib}")


def _kept(item: str, size: int, languages: frozenset[str]) -> bool:
    tree, _, leaf = item.rpartition("/")
    stem, kind = os.path.splitext(leaf)
    if tree in DROP_TREES or kind in DROP_KINDS or leaf in DROP_ITEMS:
        return False
    if kind == ".cnv":
        return size <= MAX_CODEC_BYTES
    if kind == ".res" and stem not in _NOT_LOCALES and _LOCALE.match(stem):
        return stem.split("_")[0] in languages
    return True


def _item_sizes(package: Path, workdir: Path) -> dict[str, int]:
    listing = workdir / "all.lst"
    listing.write_text(_run("icupkg", "-l", package))
    items = listing.read_text().split()
    unpacked = workdir / "items"
    shutil.rmtree(unpacked, ignore_errors=True)
    unpacked.mkdir()
    _run("icupkg", "-d", unpacked, "-x", listing, package)
    sizes = {item: (unpacked / item).stat().st_size for item in items}
    shutil.rmtree(unpacked)
    return sizes


def trimmed_icudata(lib: Path, workdir: Path, languages: Iterable[str]) -> Path:
    """A copy of `lib` (libicudata.so.NN) holding only the data the kiosk's Qt reads for
    `languages`; built in `workdir`, returned there under the original file name."""
    for tool in ("icupkg", "nm", "readelf", "as", "ld"):
        if shutil.which(tool) is None:
            raise SystemExit(f"bundle: `{tool}` is missing (scripts/install-dist-deps.sh)")
    workdir.mkdir(parents=True, exist_ok=True)
    name, blob = _data_symbol(lib)
    # icupkg names the items after the package file, so the file keeps ICU's own name
    package_name = name.removesuffix("_dat") + ("l" if sys.byteorder == "little" else "b")
    full = workdir / "full" / f"{package_name}.dat"
    full.parent.mkdir(exist_ok=True)
    full.write_bytes(blob)
    wanted = frozenset(languages) | {"root"}
    sizes = _item_sizes(full, workdir)
    dropped = {item for item, size in sizes.items() if not _kept(item, size, wanted)}
    trimmed = workdir / "trimmed" / full.name
    trimmed.parent.mkdir(exist_ok=True)
    while True:  # drop what depends on a dropped item (codec extensions, locale aliases)
        (workdir / "drop.lst").write_text("".join(f"{item}\n" for item in sorted(dropped)))
        trimmed.unlink(missing_ok=True)
        result = subprocess.run(["icupkg", "-r", str(workdir / "drop.lst"), str(full),
                                 str(trimmed)], capture_output=True, text=True)
        needing = set(re.findall(r"Item (\S+) depends on missing item",
                                 result.stdout + result.stderr))
        if result.returncode == 0:
            break
        if not needing - dropped:
            raise SystemExit(f"bundle: icupkg failed: {result.stderr.strip()}")
        dropped |= needing
    soname = re.search(r"Library soname: \[(.+?)\]", _run("readelf", "-d", lib))
    source = workdir / "icudata.S"
    source.write_text(
        "    .section .rodata\n"
        f"    .globl {name}\n"
        f"    .type {name}, @object\n"
        "    .balign 16\n"
        f"{name}:\n"
        f'    .incbin "{trimmed}"\n'
        f"    .size {name}, . - {name}\n"
        '    .section .note.GNU-stack,"",@progbits\n')
    out = workdir / "lib" / lib.name
    out.parent.mkdir(exist_ok=True)
    _run("as", "-o", workdir / "icudata.o", source)
    _run("ld", "-shared", "-soname", soname[1] if soname else lib.name, "-o", out,
         workdir / "icudata.o")
    print(f"bundle: ICU data {len(blob) / 1e6:.1f} MB -> {trimmed.stat().st_size / 1e6:.1f} MB "
          f"({len(sizes) - len(dropped)} of {len(sizes)} items kept)")
    return out
