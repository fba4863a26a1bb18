"""Reading printed PDFs in tests: their text, normalised for searching."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader


def squash(text: str) -> str:
    """Text without whitespace, hyphens or dashes, and with straight quotes, so that line
    breaks, hyphenation and guide's typography (curly quotes, dashes) do not matter."""
    text = text.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))
    return re.sub(r"[\s\-\u00ad\u2010\u2011\u2013\u2014\u2060]+", "", text).casefold()


def pdf_text(path: Path) -> list[str]:
    """The extracted text of each page, no-break spaces as spaces."""
    return [(page.extract_text() or "").replace("\u00a0", " ") for page in PdfReader(path).pages]
