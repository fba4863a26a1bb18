"""Reading printed PDFs in tests: their text, normalised for searching."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader


def squash(text: str) -> str:
    """Text without whitespace or hyphens, so line breaks and hyphenation do not matter."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", text).casefold()


def pdf_text(path: Path) -> list[str]:
    """The extracted text of each page."""
    return [page.extract_text() or "" for page in PdfReader(path).pages]
