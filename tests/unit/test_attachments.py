"""Supporting documents (Nachweise): attached scans and photos are checked by their content,
cleaned (no EXIF, no scripts, legible size), kept encrypted and tick the claim's documents off."""

from __future__ import annotations

import io
import json
import os
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, PngImagePlugin

from kiosk.attachments import MAX_BYTES, MAX_SIDE, FileRefused, read_limited
from kiosk.errors import InvalidInput
from kiosk.signature.recorded import recorded_signature
from kiosk.store import states
from kiosk.visit.scanner_inbox import pick_up
from tests import households

ACTOR = "counsellor:1"
CANARY = "ZQXCANARY7741"


# --- files as a phone or scanner makes them --------------------------------------------------
def jpeg_with_gps(size: tuple[int, int] = (4000, 3000), orientation: int | None = None) -> bytes:
    image = Image.new("RGB", size, "white")
    for x in range(0, size[0], 97):  # some content, so the encoder has work to do
        image.paste((x % 255, 40, 90), (x, 0, x + 10, size[1]))
    exif = Image.Exif()
    exif[0x010F] = "CanaryCam"  # Make
    if orientation is not None:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)})
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, quality=80)
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the GPS is really there
    return data


def png_with_text(text: str, size: tuple[int, int] = (300, 200)) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", text)
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, format="PNG", pnginfo=info)
    assert text.encode() in out.getvalue()
    return out.getvalue()


def pdf_bytes(title: str = "Mietvertrag", javascript: bool = False, embedded: bool = False,
              open_action_launch: bool = False) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/Title"] = title
    if javascript:
        pdf.Root.OpenAction = pdf.make_indirect(pikepdf.Dictionary(
            S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('hi')")))
    if open_action_launch:
        pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10],
            A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe")))]))
    if embedded:
        pdf.attachments["invoice.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00 payload")
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    return out.getvalue()


ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(200)
PE = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(120) + b"PE\x00\x00" + bytes(200)


# --- a case with a claim that asks for documents ------------------------------------------
@pytest.fixture
def visit(station):
    return station.visit(ACTOR)


@pytest.fixture
def claim_id(visit) -> str:
    case_id = visit.create_case(households.load())
    return visit.add_claim(case_id, "buergergeld", None)


def stored_bytes(visit, claim_id: str) -> list[tuple[str, str, bytes]]:
    return visit.attachments_for_sending(claim_id)


def missing_documents(visit, claim_id: str) -> set[str]:
    return {m.id for m in visit.questions(claim_id).missing if m.kind == "document"}


# --- images ---------------------------------------------------------------------------------
def test_jpeg_with_gps_is_stored_without_any_exif_and_downscaled(visit, claim_id):
    attached = visit.attach(claim_id, "id_card", "ausweis.jpg", jpeg_with_gps((4000, 3000)))
    [(document_id, mime, data)] = stored_bytes(visit, claim_id)
    assert (document_id, mime, attached.mime) == ("id_card", "image/jpeg", "image/jpeg")
    stored = Image.open(io.BytesIO(data))
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}
    assert not stored.getexif().get_ifd(0x8825)
    assert b"Exif" not in data[:4096] and b"CanaryCam" not in data
    assert stored.size == (MAX_SIDE, MAX_SIDE * 3 // 4)  # long side A4 at 300 dpi, same shape
    assert attached.downscaled


def test_photo_is_turned_upright_from_its_exif_orientation(visit, claim_id):
    # Orientation 6: the camera was held upright; the pixels lie on their side.
    visit.attach(claim_id, "id_card", "hochkant.jpg", jpeg_with_gps((400, 300), orientation=6))
    [(_doc, _mime, data)] = stored_bytes(visit, claim_id)
    stored = Image.open(io.BytesIO(data))
    assert stored.size == (300, 400)
    assert 0x0112 not in stored.getexif()


def test_small_png_keeps_its_size_and_loses_its_text_chunks(visit, claim_id):
    attached = visit.attach(claim_id, "id_card", "scan.png", png_with_text(CANARY))
    [(_doc, mime, data)] = stored_bytes(visit, claim_id)
    assert mime == "image/png" and not attached.downscaled
    stored = Image.open(io.BytesIO(data))
    assert stored.size == (300, 200) and "Comment" not in stored.info
    assert CANARY.encode() not in data


def test_png_named_jpg_is_taken_as_png_because_its_content_decides(visit, claim_id):
    attached = visit.attach(claim_id, "id_card", "foto.jpg", png_with_text("x"))
    assert attached.mime == "image/png"
    assert Image.open(io.BytesIO(stored_bytes(visit, claim_id)[0][2])).format == "PNG"


def test_truncated_image_is_refused_as_unreadable(visit, claim_id):
    data = jpeg_with_gps((800, 600))
    with pytest.raises(FileRefused) as refused:
        visit.attach(claim_id, "id_card", "kaputt.jpg", data[: len(data) // 3])
    assert "kein lesbares Bild" in refused.value.user_message
    assert stored_bytes(visit, claim_id) == []


# --- disguised and dangerous files -----------------------------------------------------------
@pytest.mark.parametrize("content", [ELF, PE, b"#!/bin/sh\nrm -rf /\n"], ids=["elf", "pe", "sh"])
def test_executable_named_pdf_is_refused(visit, claim_id, content):
    with pytest.raises(FileRefused) as refused:
        visit.attach(claim_id, "id_card", "ausweis.pdf", content)
    message = refused.value.user_message
    assert "„ausweis.pdf“ ist kein PDF, JPEG oder PNG" in message
    assert "nichts gespeichert" in message
    assert stored_bytes(visit, claim_id) == []
    assert "id_card" in missing_documents(visit, claim_id)


@pytest.mark.parametrize("kind", ["javascript", "launch", "embedded"])
def test_pdf_with_script_action_or_embedded_file_is_refused(visit, claim_id, kind):
    data = pdf_bytes(javascript=kind == "javascript", open_action_launch=kind == "launch",
                     embedded=kind == "embedded")
    with pytest.raises(FileRefused) as refused:
        visit.attach(claim_id, "rental_contract", "vertrag.pdf", data)
    assert "Skripte, Aktionen oder eingebettete Dateien" in refused.value.user_message
    assert stored_bytes(visit, claim_id) == []


def test_encrypted_and_broken_pdfs_are_refused(visit, claim_id):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner="o", user="u"))
    with pytest.raises(FileRefused, match="encrypted"):
        visit.attach(claim_id, "rental_contract", "geheim.pdf", out.getvalue())
    with pytest.raises(FileRefused) as refused:
        visit.attach(claim_id, "rental_contract", "kaputt.pdf", b"%PDF-1.7\n garbage")
    assert "kein lesbares PDF" in refused.value.user_message


def test_clean_pdf_is_kept_and_bytes_after_its_end_are_dropped(visit, claim_id):
    data = pdf_bytes() + ELF
    visit.attach(claim_id, "rental_contract", "vertrag.pdf", data)
    [(_doc, mime, stored)] = stored_bytes(visit, claim_id)
    assert mime == "application/pdf" and ELF not in stored
    with pikepdf.open(io.BytesIO(stored)) as pdf:
        assert len(pdf.pages) == 1


# --- size -----------------------------------------------------------------------------------
class EndlessFile(io.RawIOBase):
    """A file that never ends, counting what was read from it."""

    read_total = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        assert size > 0, "an unbounded read"
        self.read_total += size
        return b"\0" * size


def test_oversized_file_is_refused_without_reading_it_all():
    stream = EndlessFile()
    with pytest.raises(FileRefused) as refused:
        read_limited(stream)
    assert stream.read_total == MAX_BYTES + 1
    assert "zu groß (höchstens 20 MB)" in refused.value.user_message


def test_oversized_file_on_disk_and_oversized_bytes_are_refused(visit, claim_id, tmp_path):
    big = tmp_path / "riesig.pdf"
    with open(big, "wb") as f:
        f.write(b"%PDF-1.7\n")
        f.truncate(2 * 1024 ** 3)  # sparse: 2 GB that cost no disk
    with pytest.raises(FileRefused, match="over"):
        visit.attach_file(claim_id, "rental_contract", big)
    with pytest.raises(FileRefused, match="over"):
        visit.attach(claim_id, "rental_contract", "x.pdf", b"%PDF-" + bytes(MAX_BYTES))
    assert stored_bytes(visit, claim_id) == []


# --- ticked off, listed, removed, audited ------------------------------------------------------
def test_attaching_ticks_the_document_off_in_overview_questions_and_summary(visit, claim_id):
    case_id = visit.claim(claim_id).case_id

    def overview_missing() -> set[str]:
        [row] = [r for r in visit.claims_overview(case_id).claims if r.claim.id == claim_id]
        return {m.id for m in row.missing if m.kind == "document"}

    assert "id_card" in overview_missing() and "id_card" in missing_documents(visit, claim_id)
    assert "Personalausweis oder Reisepass" in visit.summary(claim_id, "de").missing
    hint = next(h for h in visit.claims_overview(case_id).hints if h.claim_id == claim_id)
    assert "id_card" in {m.id for m in hint.missing}

    attached = visit.attach(claim_id, "id_card", "ausweis.png", png_with_text("x"))
    assert attached.label == "Personalausweis oder Reisepass"
    assert "id_card" not in overview_missing()
    assert "id_card" not in missing_documents(visit, claim_id)
    assert "rental_contract" in missing_documents(visit, claim_id)  # the others still listed
    assert "Personalausweis oder Reisepass" not in visit.summary(claim_id, "de").missing
    hint = next(h for h in visit.claims_overview(case_id).hints if h.claim_id == claim_id)
    assert "id_card" not in {m.id for m in hint.missing}

    assert [a.id for a in visit.attachments(claim_id)] == [attached.id]
    visit.remove_attachment(attached.id)
    assert visit.attachments(claim_id) == []
    assert "id_card" in overview_missing()
    events = [e["event"] for e in visit.station.store.audit_events(case_id)]
    assert events.count("claim.attachment_added") == 1
    assert events.count("claim.attachment_removed") == 1


def test_document_the_form_does_not_ask_for_is_refused(visit, claim_id):
    for document_id in ("passport_of_neighbour", "id_card[c1]", "maintenance_proof"):
        with pytest.raises(InvalidInput, match="asks for no document"):
            visit.attach(claim_id, document_id, "a.png", png_with_text("x"))


def test_signed_claim_takes_documents_withdrawn_one_does_not(visit, claim_id):
    shown = visit.summary(claim_id, "de")
    if not shown.signable:
        pytest.skip("the sample household's Bürgergeld claim cannot be signed")
    visit.sign(claim_id, recorded_signature(), shown.sha256)
    assert visit.claim(claim_id).state == states.QUEUED  # signed and queued for sending
    kept = visit.attach(claim_id, "id_card", "nachgereicht.png", png_with_text("x"))
    new_id = visit.correct(claim_id)  # the documents go along with the correction
    assert [a.document_id for a in visit.attachments(new_id)] == ["id_card"]
    visit.withdraw_case(visit.claim(new_id).case_id)
    with pytest.raises(InvalidInput) as refused:
        visit.attach(new_id, "id_card", "spaet.png", png_with_text("x"))
    assert "nimmt keine Nachweise mehr an" in refused.value.user_message
    assert kept.id in {a.id for a in visit.attachments(claim_id)}


def test_withdrawn_claim_refuses_documents(visit, claim_id):
    visit.withdraw_case(visit.claim(claim_id).case_id)
    with pytest.raises(InvalidInput) as refused:
        visit.attach(claim_id, "id_card", "a.png", png_with_text("x"))
    assert "nimmt keine Nachweise mehr an" in refused.value.user_message


# --- encrypted at rest ------------------------------------------------------------------------
def test_no_attachment_byte_is_in_the_database_files_in_the_clear(station, visit, claim_id,
                                                                  data_dir):
    visit.attach(claim_id, "id_card", "scan.png", png_with_text(CANARY))
    visit.attach(claim_id, "rental_contract", "vertrag.pdf", pdf_bytes(title=CANARY))
    pdf = [b for d, _m, b in stored_bytes(visit, claim_id) if d == "rental_contract"][0]
    assert CANARY.encode() in pdf  # the PDF itself keeps its title: only encryption hides it
    station.close()
    files = [p for p in Path(data_dir).rglob("*") if p.is_file()]
    assert files
    for path in files:
        assert CANARY.encode() not in path.read_bytes(), path.name


# --- scanner folder -------------------------------------------------------------------------
def test_scanner_folder_files_are_attached_then_deleted_refused_ones_stay(visit, claim_id,
                                                                          tmp_path):
    inbox = tmp_path / "scanner"
    inbox.mkdir()
    (inbox / "scan001.jpg").write_bytes(jpeg_with_gps((600, 400)))
    (inbox / "scan002.pdf").write_bytes(ELF)
    (inbox / "scan003.pdf.part").write_bytes(b"%PDF-")
    (inbox / "notes.txt").write_text("x")
    os.utime(inbox / "scan001.jpg", (1, 1))
    result = pick_up(visit, inbox, claim_id, "id_card")
    assert [a.document_id for a in result.attached] == ["id_card"]
    assert [name for name, _msg in result.refused] == ["scan002.pdf"]
    assert "kein PDF, JPEG oder PNG" in result.refused[0][1]
    assert sorted(p.name for p in inbox.iterdir()) == ["notes.txt", "scan002.pdf",
                                                       "scan003.pdf.part"]
    assert "id_card" not in missing_documents(visit, claim_id)


# --- command line -----------------------------------------------------------------------------
def test_cli_attaches_a_photo_and_lists_it(cli, visit, claim_id, tmp_path):
    photo = tmp_path / "ausweis.jpg"
    photo.write_bytes(jpeg_with_gps((3000, 4000)))
    code, out, err = cli("case", "attach", claim_id, "id_card", str(photo))
    assert code == 0, err
    assert "Nachweis angehängt: Personalausweis oder Reisepass" in out and "verkleinert" in out
    assert photo.exists()  # the CLI leaves the original where it is
    code, out, _ = cli("case", "attachments", claim_id, "--json")
    assert code == 0
    [row] = json.loads(out)["attachments"]
    assert (row["document_id"], row["mime"]) == ("id_card", "image/jpeg")
    data = stored_bytes(visit, claim_id)[0][2]
    assert Image.open(io.BytesIO(data)).size == (MAX_SIDE * 3 // 4, MAX_SIDE)
    assert dict(Image.open(io.BytesIO(data)).getexif()) == {}


def test_cli_refuses_an_executable_named_pdf_with_exit_2(cli, claim_id, tmp_path):
    fake = tmp_path / "ausweis.pdf"
    fake.write_bytes(ELF)
    code, out, err = cli("case", "attach", claim_id, "id_card", str(fake))
    assert code == 2
    assert "ist kein PDF, JPEG oder PNG" in err
    code, out, _ = cli("case", "attachments", claim_id)
    assert code == 0 and "Keine Nachweise angehängt." in out


def test_removing_a_draft_claim_removes_its_documents(station, visit, claim_id):
    visit.attach(claim_id, "id_card", "a.png", png_with_text("x"))
    visit.remove_claim(claim_id)
    assert station.store.read("SELECT COUNT(*) FROM claim_attachments") == [(0,)]


def test_damaged_files_are_refused_with_a_message_never_a_crash():
    import random

    from kiosk.attachments import clean

    rng = random.Random(9)
    samples = [pdf_bytes(), jpeg_with_gps((320, 240)), png_with_text("x", (64, 48))]
    outcomes = {"kept": 0, "refused": 0}
    for _ in range(400):  # bounded: well under a second
        data = bytearray(rng.choice(samples))
        for _flip in range(rng.randint(1, 8)):
            data[rng.randrange(8, len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            del data[rng.randrange(8, len(data)):]
        try:
            clean(bytes(data), "x")
            outcomes["kept"] += 1
        except FileRefused as exc:
            assert exc.user_message.startswith("„x“")
            outcomes["refused"] += 1
    assert outcomes["refused"] > 0


def test_the_family_handout_no_longer_lists_a_document_once_attached(station, visit, claim_id):
    from kiosk.visit.claim_documents import handout

    case_id = visit.claim(claim_id).case_id

    def handout_text() -> str:
        return subprocess.run(["pdftotext", "-layout", "-", "-"], input=handout(
            station, case_id, "de"), capture_output=True, check=True).stdout.decode()

    assert "Personalausweis oder Reisepass" in handout_text()
    visit.attach(claim_id, "id_card", "ausweis.png", png_with_text("x"))
    assert "Personalausweis oder Reisepass" not in handout_text()
