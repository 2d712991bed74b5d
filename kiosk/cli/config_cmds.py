"""Station configuration commands: `config keygen`, `config sign`, `config verify`,
`config install` (IT signs the file once; every station checks it before using it)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)

from kiosk import config_signature as cs
from kiosk.cli.output import emit_json, say
from kiosk.config import CONFIG_FILE, MAX_BYTES, StationConfig, parse_config
from kiosk.errors import InvalidInput, KioskError, StoreUnreadable
from kiosk.fileio import write_atomic
from kiosk.keys.seal_key import SealMaterial, seal_from_p12, store_seal
from kiosk.station_dir import StationDir, resolve_data_dir

MAX_KEY_BYTES = 16 * 1024


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("config", help="sign, verify and install the station configuration",
                       description="The station configuration signed by IT (Ed25519).")
    cfg = p.add_subparsers(dest="config_command", required=True, metavar="COMMAND")

    s = cfg.add_parser(
        "keygen", help="create a configuration signing key (for IT)",
        description="Create an Ed25519 key pair for signing station configurations. The "
        "private key is written to --out (mode 0600, encrypted with a passphrase unless "
        "--no-passphrase); the public entry for resources/trust/config-keys.json is printed.")
    s.add_argument("--out", type=Path, required=True, metavar="KEY")
    s.add_argument("--name", default="IT der Stadt", help="name shown for this key")
    s.add_argument("--no-passphrase", action="store_true")
    s.set_defaults(func=cmd_keygen)

    s = cfg.add_parser(
        "sign", help="sign a station configuration with IT's key",
        description="Check FILE against the schema and write FILE.sig, an Ed25519 signature "
        "over its exact bytes. --add keeps the signatures already in FILE.sig (key rotation).")
    s.add_argument("key", type=Path, metavar="KEY", help="PEM private key (config keygen)")
    s.add_argument("file", type=Path, metavar="FILE")
    s.add_argument("--add", action="store_true", help="keep the other keys' signatures")
    s.add_argument("--passphrase-stdin", action="store_true",
                   help="read the key's passphrase from standard input")
    s.set_defaults(func=cmd_sign)

    s = cfg.add_parser(
        "verify", help="check a configuration's signature and content",
        description="Check that FILE.sig is a valid signature over FILE by a key this "
        "package trusts for production stations, and that FILE matches the schema. "
        "Exit 0 if so, 1 (with the reason) if not.")
    s.add_argument("file", type=Path, metavar="FILE")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_verify)

    s = cfg.add_parser(
        "install", help="verify a configuration and install it into the station's data dir",
        description="Verify FILE (as `config verify`) and copy it with its signature into "
        "the data dir as station-config.json, atomically. Nothing is installed if it fails.")
    s.add_argument("file", type=Path, metavar="FILE")
    s.set_defaults(func=cmd_install)


def _read(path: Path, limit: int, what: str) -> bytes:
    try:
        if path.stat().st_size > limit:
            raise InvalidInput(f"{what} {path} too large",
                               f"Die Datei „{path}“ ist zu groß für eine {what}.")
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {what} {path}: {exc.strerror}",
                           f"Die Datei „{path}“ lässt sich nicht lesen ({exc.strerror}).") from None


def verify_file(path: Path) -> tuple[cs.TrustedKey, StationConfig, bytes, bytes]:
    """Key, parsed configuration, bytes and signature of a file a production station takes."""
    raw = _read(path, MAX_BYTES, "Stationskonfiguration")
    sig = cs.read_signature(path)
    key = cs.verify(raw, sig, cs.production_keys(), path.name, demo_known=cs.demo_keys())
    assert sig is not None  # verify refuses a missing signature
    return key, parse_config(raw, path.name), raw, sig


def cmd_keygen(args: argparse.Namespace) -> int:
    out: Path = args.out
    if os.path.lexists(out):
        raise InvalidInput(f"{out} exists", f"„{out}“ existiert bereits; nichts überschrieben.")
    enc = NoEncryption() if args.no_passphrase else BestAvailableEncryption(_new_passphrase())
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, enc)
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise StoreUnreadable(f"cannot write {out}: {exc.strerror}",
                              f"„{out}“ lässt sich nicht schreiben ({exc.strerror}).") from None
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    say(f"Privater Schlüssel: {out} (offline aufbewahren, nie auf eine Station kopieren)")
    say("Eintrag für resources/trust/config-keys.json:")
    emit_json(cs.key_entry(key.public_key(), args.name))
    return 0


def _new_passphrase() -> bytes:
    if not sys.stdin.isatty():
        first = sys.stdin.readline().rstrip("\n")
    else:
        first = getpass.getpass("Passphrase für den Schlüssel: ")
        if first != getpass.getpass("Passphrase wiederholen: "):
            raise InvalidInput("passphrases differ",
                               "Die beiden Passphrasen stimmen nicht überein.")
    if len(first) < 12:
        raise InvalidInput("passphrase shorter than 12 characters",
                           "Die Passphrase muss mindestens 12 Zeichen haben "
                           "(oder --no-passphrase für einen Schlüssel auf einem "
                           "verschlüsselten Datenträger).")
    return first.encode("utf-8")


def _load_key(path: Path, passphrase_stdin: bool) -> Ed25519PrivateKey:
    pem = _read(path, MAX_KEY_BYTES, "Schlüsseldatei")
    password = None
    if b"ENCRYPTED" in pem:
        password = (sys.stdin.readline().rstrip("\n") if passphrase_stdin or not
                    sys.stdin.isatty() else getpass.getpass("Passphrase: ")).encode("utf-8")
    try:
        key = load_pem_private_key(pem, password)
    except (ValueError, TypeError):
        raise InvalidInput(f"{path} is not a readable private key (or wrong passphrase)",
                           f"„{path}“ ist kein lesbarer privater Schlüssel, oder die "
                           "Passphrase ist falsch.") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInput(f"{path} is not an Ed25519 key",
                           f"„{path}“ ist kein Ed25519-Schlüssel.")
    return key


def cmd_sign(args: argparse.Namespace) -> int:
    key = _load_key(args.key, args.passphrase_stdin)
    raw = _read(args.file, MAX_BYTES, "Stationskonfiguration")
    parse_config(raw, args.file.name)  # never sign a file the kiosk would refuse anyway
    sig_path = args.file.with_name(args.file.name + cs.SIG_SUFFIX)
    previous = cs.read_signature(args.file) if args.add else None
    write_atomic(sig_path, cs.sign(key, raw, previous), mode=0o644)
    say(f"Signiert: {sig_path} (Schlüssel-ID {cs.key_id(key.public_key())[:16]})")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    key, config, _, _ = verify_file(args.file)
    if args.json:
        emit_json({"valid": True, "keyid": key.keyid, "key_name": key.name,
                   "station": config.name, "offices": sorted(config.offices)})
    else:
        say(f"Signatur gültig: {key.name} (Schlüssel-ID {key.keyid[:16]}); "
            f"Station „{config.name}“, {len(config.offices)} Stellen.")
    return 0


def install_config(data_dir: Path, path: Path) -> cs.TrustedKey:
    """Verify ``path`` and install it with its signature as the data dir's configuration
    (signature first, so that a crash between the two leaves a refused file, not a
    wrongly trusted one)."""
    key, _, raw, sig = verify_file(path)
    target = data_dir / CONFIG_FILE
    write_atomic(target.with_name(CONFIG_FILE + cs.SIG_SUFFIX), sig)
    write_atomic(target, raw)
    return key


def cmd_install(args: argparse.Namespace) -> int:
    sdir = StationDir(resolve_data_dir(args.data_dir))
    sdir.read_identity()  # only into a station (NotProvisioned names the command to run)
    key = install_config(sdir.path, args.file)
    say(f"Stationskonfiguration eingespielt ({key.name}). Bitte den Kiosk neu starten.")
    return 0


def _read_secret_and_pin(from_stdin: bool) -> tuple[str, str]:
    from kiosk.cli.station_cmds import _read_pin

    if from_stdin:
        secret = sys.stdin.readline().rstrip("\n")
    elif sys.stdin.isatty():
        secret = getpass.getpass("FIT-Connect-Client-Secret: ")
    else:
        raise InvalidInput(
            "no terminal to ask for the client secret; use --secret-stdin",
            "Kein Terminal für die Eingabe des Client-Secrets. Bitte Secret (Zeile 1) und "
            "PIN (Zeile 2) mit --secret-stdin über die Standardeingabe übergeben.")
    return secret, _read_pin(from_stdin)


def _read_seal(path: Path, from_stdin: bool) -> SealMaterial:
    """IT's seal (PKCS#12), checked before anything is created; its password is line 3 of
    standard input with ``--secret-stdin``, else asked on the terminal."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read the seal file: {exc.strerror}",
                           f"Die Siegeldatei lässt sich nicht lesen ({exc.strerror}).") from None
    if from_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif sys.stdin.isatty():
        password = getpass.getpass("Passwort der Siegeldatei: ")
    else:
        raise InvalidInput("no terminal to ask for the seal password; use --secret-stdin",
                           "Kein Terminal für das Passwort der Siegeldatei. Bitte mit "
                           "--secret-stdin als Zeile 3 übergeben.")
    return seal_from_p12(data, password.encode("utf-8") if password else None)


def provision_from_config(args: argparse.Namespace) -> int:
    """`provision --config FILE --counsellor NAME`: a production station in one step. Every
    input is checked before anything is created; the existing provisioning does the rest."""
    from kiosk.app import Station
    from kiosk.auth.counsellors import check_pin_format
    from kiosk.keys import KeyStore
    from kiosk.keys.service_credentials import ServiceCredentials, check_client_secret

    if args.demo or args.config is None or not args.counsellor:
        raise InvalidInput(
            "--config needs --counsellor and excludes --demo",
            "Für die Einrichtung aus einer Stationskonfiguration bitte --config DATEI und "
            "--counsellor NAME angeben (nicht zusammen mit --demo).")
    sdir = StationDir(resolve_data_dir(args.data_dir))
    sdir.refuse_if_provisioned()
    key, config, _, _ = verify_file(args.config)
    secret, pin = _read_secret_and_pin(args.secret_stdin)
    secret = check_client_secret(secret)
    seal = _read_seal(args.seal_p12, args.secret_stdin) if args.seal_p12 else None
    name = " ".join(args.counsellor.split())
    problem = check_pin_format(pin) or (None if 0 < len(name) <= 100 and name.isprintable()
                                        else "Bitte einen Namen mit 1 bis 100 Zeichen angeben.")
    if problem:
        raise InvalidInput("provisioning input rejected: " + problem, problem)

    station = Station.provision(args.data_dir, demo=False)
    step = "Stationskonfiguration"
    try:
        install_config(station.dir.path, args.config)
        step = "Client-Secret"
        ServiceCredentials(station.identity.station_id).set_client_secret(secret)
        if seal is not None:
            step = "Siegelzertifikat"
            store_seal(KeyStore(station.identity.station_id), seal)
        step = "erste Beraterin / erster Berater"
        counsellor = station.auth.enrol(name, pin, actor="admin")
    except KioskError as exc:
        raise KioskError(
            f"station {station.identity.station_id} created, but step {step!r} failed: {exc}",
            f"Die Station wurde angelegt, aber der Schritt „{step}“ ist fehlgeschlagen: "
            f"{exc.user_message} Bitte mit 'fvo-kiosk-admin config install' bzw. "
            "'fvo-kiosk-admin enrol' abschließen.") from exc
    finally:
        station.close()
    say(f"Station eingerichtet: {station.identity.station_id} („{config.name}“)")
    say(f"Datenverzeichnis: {station.dir.path}")
    say(f"Stationskonfiguration geprüft ({key.name}) und eingespielt.")
    say("Datenbankschlüssel und FIT-Connect-Client-Secret liegen im Schlüsselbund.")
    say(f"Angelegt: {counsellor.name} (Nr. {counsellor.id})")
    if seal is None:
        say("Siegelzertifikat: mit 'fvo-kiosk-admin seal import --p12 DATEI' einspielen, "
            "sobald verfügbar; bis dahin bleiben unterschriebene Anträge ungesiegelt.")
    else:
        say("Siegelzertifikat geprüft und im Schlüsselbund abgelegt.")
    return 0


__all__ = ["install_config", "provision_from_config", "register", "verify_file"]
