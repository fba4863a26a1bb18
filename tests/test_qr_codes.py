"""Each source with a URL gets a QR code in print, and a phone reading it gets that URL."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import zxingcpp

from guide.api import build, load_topic
from guide.source.resources import Project

REPO = Path(__file__).resolve().parent.parent


def test_every_source_url_can_be_scanned_from_the_page(tmp_path: Path) -> None:
    report = build([REPO / "data" / "csto.yaml"], ["classroom"], tmp_path, cache=False,
                   project=Project(REPO))
    assert report.ok, report.problems
    pdf = pdfium.PdfDocument(tmp_path / "csto-classroom.pdf")
    scanned = [code.text for page in pdf
               for code in zxingcpp.read_barcodes(page.render(scale=4).to_pil())]
    urls = [s.url for s in load_topic(REPO / "data" / "csto.yaml").sources if s.url]
    assert sorted(scanned) == sorted(urls)


def test_an_audience_can_leave_them_out(tmp_path: Path) -> None:
    audiences = tmp_path / "styles" / "audiences"
    audiences.mkdir(parents=True)
    (audiences / "plain.yaml").write_text("qr_codes: false\n")
    (tmp_path / "images").mkdir()  # NATO's figure
    (tmp_path / "images" / "nato-structure.svg").write_bytes(
        (REPO / "images" / "nato-structure.svg").read_bytes())
    report = build([REPO / "data" / "nato.yaml"], ["plain"], tmp_path / "out", cache=False,
                   project=Project(tmp_path))
    assert report.ok, report.problems
    pdf = pdfium.PdfDocument(tmp_path / "out" / "nato-plain.pdf")
    assert not any(zxingcpp.read_barcodes(page.render(scale=2).to_pil()) for page in pdf)
