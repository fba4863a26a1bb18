"""The print-readiness report: what a careful typesetter would catch on the laid-out pages.

It reads WeasyPrint's page boxes, so it sees the layout that is printed: text or boxes
past the page area, table rows split across pages, headings left alone at a page foot.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from weasyprint.document import Document

TOLERANCE = 1.0  # CSS px; less than a hairline
HEADINGS = {"h1", "h2", "h3"}


@dataclass(frozen=True)
class Finding:
    """One print problem on one page (1-based)."""

    page: int
    message: str

    def __str__(self) -> str:
        return f"page {self.page}: {self.message}"


def inspect(document: Document) -> list[Finding]:
    """Every print problem of a laid-out document, page by page."""
    findings: list[Finding] = []
    rows_before: set[int] = set()
    pages = document.pages
    for number, page in enumerate(pages, start=1):
        body = _body(page._page_box)
        if body is None:
            continue
        boxes = list(_walk(body))
        findings += _overflow(number, page._page_box, boxes)
        rows = _body_rows(boxes)
        split = {key for key in rows if key in rows_before}
        findings += [
            Finding(number, f"a table row continues from page {number - 1}: {text!r}")
            for key, text in rows.items() if key in split
        ]
        rows_before = set(rows)
        if number < len(pages):
            findings += _lonely_headings(number, boxes)
    return findings


def _walk(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _walk(child)


def _body(page_box: Any) -> Any:
    return next((b for b in _walk(page_box) if getattr(b, "element_tag", None) == "body"), None)


def _text(box: Any, limit: int = 50) -> str:
    words = " ".join(b.text for b in _walk(box) if type(b).__name__ == "TextBox").split()
    text = " ".join(words)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _overflow(number: int, page_box: Any, boxes: list[Any]) -> list[Finding]:
    left, top = page_box.content_box_x(), page_box.content_box_y()
    right, bottom = left + page_box.width, top + page_box.height
    found: dict[str, Finding] = {}
    for box in boxes:
        if type(box).__name__ not in {"TextBox", "InlineReplacedBox", "BlockReplacedBox"}:
            continue
        x, y = box.position_x, box.position_y
        if (x + box.width > right + TOLERANCE or x < left - TOLERANCE
                or y + box.height > bottom + TOLERANCE):
            text = _text(box) or "an image"
            found.setdefault(text, Finding(number, f"text or a box runs off the page: {text!r}"))
    return list(found.values())


def _body_rows(boxes: list[Any]) -> dict[int, str]:
    """Rows of table bodies on a page, by element identity (repeated headers left out)."""
    rows: dict[int, str] = {}
    for group in boxes:
        if type(group).__name__ != "TableRowGroupBox" or group.is_header or group.is_footer:
            continue
        for row in group.children:
            rows[id(row.element)] = _text(row)
    return rows


def _lonely_headings(number: int, boxes: list[Any]) -> list[Finding]:
    # What may follow a heading: lines of text, or a chart or image of its own.
    lines = [b for b in boxes
             if type(b).__name__ in ("LineBox", "InlineReplacedBox", "BlockReplacedBox")]
    findings = []
    for heading in boxes:
        if getattr(heading, "element_tag", None) not in HEADINGS:
            continue
        if type(heading).__name__ != "BlockBox":
            continue
        bottom = heading.position_y + heading.margin_height()
        if not any(line.position_y >= bottom - 0.5 for line in lines):
            findings.append(
                Finding(number, f"heading {_text(heading)!r} is left alone at the foot")
            )
    return findings
