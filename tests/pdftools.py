"""Reading printed PDFs in tests: their text, normalised for searching, as poppler, pdf.js and
pdfium read it, and their fonts."""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
from babel.dates import get_month_names
from babel.messages.pofile import read_po
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from guide.source.resources import BUILTIN_STYLES


def squash(text: str) -> str:
    """Text without whitespace, hyphens or dashes, and with straight quotes, so that line
    breaks, hyphenation and guide's typography (curly quotes, dashes) do not matter."""
    text = text.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))
    return re.sub(r"[\s\-\u00ad\u2010\u2011\u2013\u2014\u2060]+", "", text).casefold()


def pdf_text(path: Path) -> list[str]:
    """The extracted text of each page, no-break spaces as spaces."""
    return [(page.extract_text() or "").replace("\u00a0", " ") for page in PdfReader(path).pages]


JS = Path(__file__).resolve().parent / "js"  # pdf.js, installed by `make test` (npm ci)
SHIPPED_FONTS = BUILTIN_STYLES / "fonts"
# A Devanagari word: letters, signs and digits of the block, not the dandas (punctuation).
DEVANAGARI_WORD = re.compile(r"[\u0900-\u0963\u0966-\u097f]+")
CATALOGUE = Path(__file__).resolve().parent.parent / "guide" / "locale" / "hi" / "LC_MESSAGES"


def pdftotext(path: Path) -> str:
    """The text as poppler reads it (pdftotext; Evince, Okular): pages split by form feeds."""
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def pdfjs(path: Path) -> str:
    """The text as pdf.js reads it (Firefox), run under node: see tests/js/pdftext.mjs."""
    return subprocess.run(["node", str(JS / "pdftext.mjs"), str(path)], check=True,
                          capture_output=True, text=True).stdout


def hindi_labels() -> set[str]:
    """The Hindi words guide prints of its own: its labels (the catalogue) and the months of
    dates, as Babel names them."""
    with (CATALOGUE / "guide.po").open("rb") as po:
        labels = " ".join(str(message.string) for message in read_po(po) if message.string)
    months = " ".join(" ".join(get_month_names(width, "format", "hi").values())
                      for width in ("wide", "abbreviated"))
    return set(DEVANAGARI_WORD.findall(f"{labels} {months}"))


def broken_words(text: str, written: str) -> list[str]:
    """The Devanagari words of `text` that are neither in `written` nor guide's own. A
    compound (अंतर-सरकारी) broken at its hyphen at a line's end reads back joined: pdftotext
    drops a line-final hyphen, as a hyphenation break's."""
    compounds = re.findall(rf"{DEVANAGARI_WORD.pattern}(?:-{DEVANAGARI_WORD.pattern})+", written)
    known = set(DEVANAGARI_WORD.findall(written)) | hindi_labels()
    known |= {compound.replace("-", "") for compound in compounds}
    return [word for word in DEVANAGARI_WORD.findall(text) if word not in known]


def pdfium_text(path: Path) -> str:
    """The text as pdfium reads it (Chrome, and guide's previews): pages split by form feeds."""
    return "\f".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(path))


def _font_id(font: TTFont) -> tuple[str, float]:
    """A font's PostScript name and version: kept by any subset of it."""
    return font["name"].getDebugName(6), round(font["head"].fontRevision, 3)


@cache
def _shipped() -> frozenset[tuple[str, float]]:
    return frozenset(_font_id(TTFont(path)) for path in SHIPPED_FONTS.glob("*.ttf"))


def foreign_fonts(path: Path) -> list[str]:
    """The fonts a PDF uses that are not the bundled ones (styles/fonts/), by PostScript
    name and version, or not embedded at all: a PDF that shows them depends on the fonts of
    the machine that printed it, or of the one that shows it."""
    foreign = []
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/FontDescriptor":
                continue
            name = str(obj.get("/FontName", "?"))
            data = obj.get("/FontFile2") or obj.get("/FontFile3") or obj.get("/FontFile")
            if data is None:
                foreign.append(f"{name} (not embedded)")
            elif "/FontFile2" not in obj or _font_id(
                    TTFont(io.BytesIO(data.read_bytes()))) not in _shipped():
                foreign.append(name)
    return foreign


def foreign_fonts_in(pdfs: Iterable[Path]) -> dict[str, list[str]]:
    """`foreign_fonts` of each PDF that has any, by file name."""
    found = {pdf.name: foreign_fonts(pdf) for pdf in pdfs}
    return {name: fonts for name, fonts in found.items() if fonts}
