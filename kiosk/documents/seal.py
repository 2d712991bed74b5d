"""The station's seal on a claim PDF: a PAdES signature (pyHanko) with the station's key and
certificate, shown as a stamp in an embedded TrueType font so the file stays PDF/A."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from typing import Any

from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from kiosk.documents.layout import seal_box_pt
from kiosk.resources import resource_path

FIELD_NAME = "Stationssiegel"
#: Noto Sans cut down to Latin-1 + Latin Extended-A (see resources/fonts/README.md): the
#: stamp is subset again at every seal, and the whole Noto Sans costs ~100 ms there.
STAMP_FONT = "NotoSans-Stamp.ttf"
STAMP_TEXT = ("Elektronisch versiegelt von\n%(signer)s\n%(ts)s\n"
              "Prüfen: fvo-kiosk-admin verify-pdf DATEI")


@cache
def _stamp_font() -> bytes:
    return resource_path("fonts", STAMP_FONT).read_bytes()


@dataclass(frozen=True)
class _StampFont(GlyphAccumulatorFactory):
    """pyHanko's factory opens the font file and never closes it; this one hands it the
    font from memory (read once)."""

    def create_font_engine(self, writer: Any, obj_stream: Any = None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(writer=writer, font_handle=io.BytesIO(_stamp_font()),
                                font_size=self.font_size, obj_stream=obj_stream)


@cache
def _stamp_style() -> TextStampStyle:
    font = _StampFont(STAMP_FONT, font_size=7)
    return TextStampStyle(stamp_text=STAMP_TEXT, border_width=1,
                          timestamp_format="%d.%m.%Y %H:%M:%S %Z",
                          text_box_style=TextBoxStyle(font=font))


def _signer(key_pem: bytes, chain_pem: bytes) -> signers.SimpleSigner:
    certs = list(load_certs_from_pemder_data(chain_pem))
    key = load_private_key_from_pemder_data(key_pem, passphrase=None)
    return signers.SimpleSigner(signing_cert=certs[0], signing_key=key,
                                cert_registry=SimpleCertificateStore.from_certs(certs))


def seal_pdf(pdf: bytes, key_pem: bytes, chain_pem: bytes) -> bytes:
    """``pdf`` with the station's PAdES seal appended as an incremental update (in memory)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES, reason="Siegel der Station",
        location="FVO Kiosk")
    pdf_signer = signers.PdfSigner(
        meta, signer=_signer(key_pem, chain_pem), stamp_style=_stamp_style(),
        new_field_spec=fields.SigFieldSpec(sig_field_name=FIELD_NAME, on_page=-1,
                                           box=seal_box_pt()))
    out = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=out)
    return out.getvalue()
