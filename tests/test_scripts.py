"""A topic in Hindi prints in Devanagari: its language is set on the page and in the PDF,
and every character of the PDF maps to a glyph of a font embedded in it (no missing-glyph
boxes); Cyrillic names print in any sheet."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pytest

from guide.api import build
from guide.content.i18n import _, when
from guide.source.model import PartialDate
from guide.source.resources import Project

from pdftools import pdf_text, squash

HINDI = """\
title: सामूहिक सुरक्षा संधि संगठन
short_name: ओडीकेबी (ОДКБ)
lang: hi
summary:
  - सामूहिक सुरक्षा संधि संगठन यूरेशिया में एक **अंतर-सरकारी सैन्य गठबंधन** है।
  - क्षेत्रीय सुरक्षा, त्रिपक्षीय वार्ता और श्रेष्ठ प्रशिक्षण।
facts:
  - label: मुख्यालय
    value: मास्को, रूस
"""


def to_unicode(font: pikepdf.Object) -> dict[int, str]:
    """The glyphs a font's ToUnicode map names, and the text each stands for."""
    data = font.ToUnicode.read_bytes().decode("latin-1")
    entries = "".join(re.findall(r"beginbfchar(.*?)endbfchar", data, re.S))  # not the range
    return {int(glyph, 16): bytes.fromhex(text).decode("utf-16-be")
            for glyph, text in re.findall(r"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]+)>", entries)}


REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module", params=["inline", "data/csto.hi.yaml"])
def hindi(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Hindi sheet: a short topic written here, and the Hindi edition in data/."""
    folder = tmp_path_factory.mktemp("hindi")
    (folder / "data").mkdir()
    if request.param == "inline":
        (folder / "data" / "csto-hi.yaml").write_text(HINDI, encoding="utf-8")
    else:
        shutil.copy(REPO / request.param, folder / "data")
    report = build([folder / "data"], ["classroom"], folder / "out", cache=False,
                   html=True, project=Project(folder))
    assert report.ok, report.problems
    # WeasyPrint warns of each character no font has (".notdef glyph rendered ...").
    assert not [p for p in report.problems if "notdef" in p.message], report.problems
    [pdf] = (folder / "out").glob("*.pdf")
    return pdf


def test_the_language_is_set_on_the_page_and_in_the_pdf(hindi: Path) -> None:
    assert '<html lang="hi"' in hindi.with_suffix(".html").read_text(encoding="utf-8")
    with pikepdf.open(hindi) as pdf:
        assert str(pdf.Root.Lang) == "hi"


def test_every_character_has_a_glyph_of_an_embedded_font(hindi: Path) -> None:
    printed: dict[str, set[str]] = {}
    with pikepdf.open(hindi) as pdf:
        fonts = {f.objgen: f for page in pdf.pages for f in page.Resources.Font.values()}
        for font in fonts.values():
            descriptor = font.DescendantFonts[0].FontDescriptor
            assert "/FontFile2" in descriptor, f"{font.BaseFont} is not embedded"
            glyphs = to_unicode(font)
            assert 0 not in glyphs, f"{font.BaseFont} prints a missing-glyph box"
            printed[str(font.BaseFont)] = set("".join(glyphs.values()))
    devanagari = set().union(*(c for name, c in printed.items() if "Devanagari" in name))
    source = HINDI if hindi.name.startswith("csto-hi") else (REPO / "data" / "csto.hi.yaml"
                                                             ).read_text(encoding="utf-8")
    wanted = {c for c in source.split("\nsources:")[0] if "\u0900" <= c <= "\u097f"}
    assert wanted <= devanagari
    latin = set().union(*(c for name, c in printed.items() if "Devanagari" not in name))
    assert set("ОДКБ") <= latin


def test_a_hindi_sheet_prints_hindi_labels_dates_and_page_numbers(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "csto-hi.yaml").write_text(
        HINDI + "as_of: 2025-11-27\ntimeline:\n  - date: 1992-05-15\n    event: हस्ताक्षर।\n",
        encoding="utf-8")
    report = build([tmp_path / "data"], ["classroom"], tmp_path / "out", cache=False,
                   project=Project(tmp_path))
    assert report.ok, report.problems
    pages = pdf_text(tmp_path / "out" / "csto-hi-classroom.pdf")
    text = squash(" ".join(pages))
    # (Words with a vowel sign drawn before its consonant, as in तिथि, do not come back
    # whole from a PDF's text; these do.)
    for label in ("सारांश", "मुख्य तथ्य", "समयरेखा", "घटना", "27 नवंबर 2025 तक के तथ्य",
                  "15 मई 1992"):
        assert squash(label) in text, label
    assert "Summary" not in " ".join(pages)
    assert squash(f"पृष्ठ 1 / {len(pages)}") in squash(pages[0])


def test_after_a_hindi_sheet_guide_prints_english_again(tmp_path: Path) -> None:
    """The language is set for one render and restored: what prints next, in the same
    process, is not Hindi by accident."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "csto-hi.yaml").write_text(HINDI, encoding="utf-8")
    report = build([tmp_path / "data"], ["classroom"], tmp_path / "out", cache=False, jobs=1,
                   project=Project(tmp_path))
    assert report.ok, report.problems
    assert _("Summary") == "Summary"
    assert when(PartialDate(1992, 5, 15)) == "15\u00a0May\u00a01992"


def test_every_label_has_its_hindi_translation() -> None:
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    repo = Path(__file__).resolve().parent.parent
    method_map = [("guide/**.py", "python"), ("guide/templates/**.html", "jinja2")]
    options = {"guide/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    used = {message for _, _, message, _, _ in extract_from_dir(
        repo, method_map, options, keywords={"_": None}) if isinstance(message, str)}
    assert len(used) >= 25
    with (repo / "guide" / "locale" / "hi" / "LC_MESSAGES" / "guide.po").open("rb") as po:
        hindi = {m.id: m.string for m in read_po(po) if m.id}
    assert {m for m in used if not hindi.get(m)} == set()


def test_a_bilingual_audience_prints_a_topic_then_its_translation(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    for name in ("csto.yaml", "csto.hi.yaml", "nato.yaml"):
        shutil.copy(REPO / "data" / name, tmp_path / "data")
    shutil.copytree(REPO / "images", tmp_path / "images")  # NATO's figure
    audiences = tmp_path / "styles" / "audiences"
    audiences.mkdir(parents=True)
    (audiences / "both.yaml").write_text("bilingual: hi\n")
    report = build([tmp_path / "data"], ["both"], tmp_path / "out", cache=False,
                   project=Project(tmp_path))
    assert report.ok, report.problems
    assert sorted(p.name for p in report.built) == ["csto-both.pdf", "nato-both.pdf"]
    pages = [squash(text) for text in pdf_text(tmp_path / "out" / "csto-both.pdf")]
    english = next(i for i, text in enumerate(pages) if squash("Summary") in text)
    hindi = next(i for i, text in enumerate(pages) if squash("सारांश") in text)
    assert english < hindi and squash("Summary") not in pages[hindi]
    assert squash("सारांश") not in "".join(pages[:hindi])
    nato = squash(" ".join(pdf_text(tmp_path / "out" / "nato-both.pdf")))
    assert squash("सारांश") not in nato  # no translation: printed alone
