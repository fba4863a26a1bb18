"""The print-readiness report: what a careful typesetter would catch on the laid-out pages.

It reads WeasyPrint's page boxes, so it sees the layout that is printed: text or boxes past
the page area or in the footer, table rows split across pages, headings left alone, pages
left mostly empty, an answer key on the back of a pupil's page, lines too long to read,
unfinished text (straight quotes, hyphens in ranges, dates split across lines) and chart
text too small to read. Each finding names its page and says what to change, in words a
teacher can act on.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from guide.source.dates import month_names

if TYPE_CHECKING:
    from weasyprint.document import Document

TOLERANCE = 1.0  # CSS px; less than a hairline
HEADINGS = {"h1", "h2", "h3"}  # the levels the lonely-heading check keeps with their text
ALL_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
MEASURE_MAX = 75  # characters a line of running text (Bringhurst: 45 to 75)
FILL_MIN = 0.5  # share of a page's text area that content must fill, but where allowed
CHART_MIN_PT = 8.0  # the smallest text a chart may print
FORCED = {"page", "left", "right", "recto", "verso"}  # break values that start a new page
CODE = {"code", "kbd", "samp", "pre"}
PX_PER_PT = 96 / 72
PX_PER_MM = 96 / 25.4
HIDDEN = "\ufffc"  # stands in the checked text for URLs and code, which keep their marks

_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+$", re.IGNORECASE)
_RANGE = re.compile(r"(?<![\w/.:-])\d+-\n?\d+(?![\w/.:-])")
_DASH = re.compile(r"(?<=[^\W\d]) - (?=[^\W\d])")  # " - " between words, not "5 - 3"
_DAY_END = re.compile(r"(?:^|[\s(])(\d{1,2})\.?$")
_REPLACED = {"InlineReplacedBox", "BlockReplacedBox"}
_UNPAINTED = {"html", "body"}  # their backgrounds paint the whole page


@dataclass(frozen=True)
class Finding:
    """One print problem on one page (1-based)."""

    page: int
    message: str

    def __str__(self) -> str:
        return f"page {self.page}: {self.message}"


@dataclass
class _Line:
    """A line box, with its text as printed and as checked (URLs and code hidden)."""

    box: Any
    block: Any  # the paragraph (or other block) the line belongs to
    running: bool  # in a `p` or `li` outside tables: running text
    heading: bool
    lang: str
    shown: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    times: list[int | None] = field(default_factory=list)  # each part's <time> element

    @property
    def text(self) -> str:
        return "".join(self.shown).strip()


@dataclass
class _Painted:
    """A box that draws something of its own (text, an image, a background or a border),
    with the edges of its border box."""

    box: Any
    left: float
    top: float
    right: float
    bottom: float


@dataclass
class _Page:
    """What the checks need of one laid-out page, gathered in one walk of its boxes."""

    number: int
    box: Any
    boxes: list[Any] = field(default_factory=list)  # the body's, in document order
    painted: list[_Painted] = field(default_factory=list)  # those that draw something
    elements: set[int] = field(default_factory=set)  # ids of the elements shown
    lines: list[_Line] = field(default_factory=list)  # the body's
    margin_lines: list[_Line] = field(default_factory=list)  # running heads and feet
    times: dict[int, tuple[str, set[int]]] = field(default_factory=dict)  # text, line ids
    answers: set[int] = field(default_factory=set)  # ids of the data-answers elements
    smallest_text: float = float("inf")  # px, of the body's text

    @property
    def blank(self) -> bool:
        """A page WeasyPrint inserted empty (before a `break-before: right` part, say)."""
        return bool(self.box.page_type.blank) or not self.boxes

    def read(self, box: Any, parent: Any, line: _Line | None, table: bool, heading: bool,
             hidden: bool, time: int | None) -> None:
        """Gather `box` and what it holds; the flags say what the box is inside of."""
        kind = type(box).__name__
        tag = box.element_tag or ""
        element = box.element
        self.boxes.append(box)
        if kind == "TextBox":
            x, y = box.position_x, box.position_y
            self.painted.append(_Painted(box, x, y, x + box.width, y + box.height))
        elif kind in _REPLACED or (kind != "LineBox" and tag not in _UNPAINTED and (
                getattr(box, "background", None) is not None or box.border_top_width
                or box.border_right_width or box.border_bottom_width or box.border_left_width)):
            x, y = box.border_box_x(), box.border_box_y()
            self.painted.append(_Painted(box, x, y, x + box.border_width(),
                                         y + box.border_height()))
        if element is not None and "::" not in tag:
            self.elements.add(id(element))
            if "data-answers" in element.attrib:
                self.answers.add(id(element))
            classes = (element.get("class") or "").split()
            hidden = hidden or tag in CODE or "url" in classes or (
                tag == "a" and bool(_URL.match("".join(element.itertext()).strip())))
            if tag == "time":
                time = id(element)
                self.times.setdefault(time, ("".join(element.itertext()).strip(), set()))
        table = table or kind.startswith("Table")
        heading = heading or tag in ALL_HEADINGS
        if kind == "LineBox":
            line = _Line(box, parent, tag in ("p", "li") and not table, heading,
                         box.style["lang"] or "")
            self.lines.append(line)
        elif kind == "TextBox" and line is not None:
            line.shown.append(box.text)
            line.checked.append(HIDDEN if hidden else box.text)
            line.times.append(time)
            self.smallest_text = min(self.smallest_text, box.style["font_size"])
            if time is not None:
                self.times[time][1].add(id(line))
        for child in getattr(box, "children", ()):
            self.read(child, box, line, table, heading, hidden, time)

    def read_margins(self) -> None:
        """The running heads' and feet's lines, for the text checks."""
        for margin in self.box.children[1:]:
            for line in (b for b in _walk(margin) if type(b).__name__ == "LineBox"):
                texts = [b.text for b in _walk(line) if type(b).__name__ == "TextBox"]
                self.margin_lines.append(
                    _Line(line, margin, False, False, line.style["lang"] or "", texts, texts))


def inspect(document: Document) -> list[Finding]:
    """Every print problem of a laid-out document, page by page."""
    pages = [_read(number, page._page_box)
             for number, page in enumerate(document.pages, start=1)]
    # The smallest text the document prints (not in charts): no chart text may be smaller.
    smallest = min((page.smallest_text for page in pages), default=float("inf"))
    findings: list[Finding] = []
    rows_before: dict[int, str] = {}
    first_seen: dict[int, int] = {}
    for index, page in enumerate(pages):
        if page.blank:
            continue
        number = page.number
        later = next((p for p in pages[index + 1:] if not p.blank), None)
        findings += _overflow(page)
        rows = _body_rows(page.boxes)
        findings += [
            Finding(number, f"a table row continues from the page before: {text!r}; keep "
                            "each row on one page (break-inside: avoid)")
            for key, text in rows.items() if key in rows_before
        ]
        rows_before = rows
        alone = _only_headings(page)
        findings += alone
        if later is not None and not alone:
            findings += _lonely_headings(number, page.boxes) + _mostly_empty(page, later)
        findings += _measure(page)
        findings += _unfinished(page)
        findings += _small_chart_text(page, smallest)
        for key in page.answers:
            first_seen.setdefault(key, number)
    findings += [
        Finding(number, f"the answer key starts on page {number}, the back of page "
                        f"{number - 1} when printed on both sides; start it on a right-hand "
                        "page (break-before: right)")
        for number in sorted(set(first_seen.values())) if number % 2 == 0
    ]
    return sorted(findings, key=lambda f: f.page)


def _read(number: int, page_box: Any) -> _Page:
    page = _Page(number, page_box)
    body = _body(page_box)
    if body is not None:
        page.read(body, None, None, False, False, False, None)
        page.read_margins()
    return page


def _walk(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _walk(child)


def _body(page_box: Any) -> Any:
    html = page_box.children[0] if page_box.children else None
    return next((b for b in getattr(html, "children", ()) if b.element_tag == "body"), None)


def _text(box: Any, limit: int = 50) -> str:
    words = " ".join(b.text for b in _walk(box) if type(b).__name__ == "TextBox").split()
    return _cut(" ".join(words), limit)


def _cut(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _overflow(page: _Page) -> list[Finding]:
    """Text or images past the page's sides; anything painted below the text area, in the
    footer (a box's background or border too: a band may bleed into the side margins)."""
    page_box = page.box
    left, top = page_box.content_box_x(), page_box.content_box_y()
    right, bottom = left + page_box.width, top + page_box.height
    found: dict[str, Finding] = {}
    for painted in page.painted:
        box = painted.box
        kind = type(box).__name__
        if (kind == "TextBox" or kind in _REPLACED) and (
                painted.right > right + TOLERANCE or painted.left < left - TOLERANCE):
            text = _text(box) or "an image"
            found.setdefault(text, Finding(page.number,
                                           f"text or a box runs off the page: {text!r}; let "
                                           "it wrap, or make it narrower"))
        elif (below := painted.bottom - bottom) > TOLERANCE:
            text = _text(box)
            what = (f"text {text!r}" if kind == "TextBox" else "an image" if kind in _REPLACED
                    else f"the box around {text!r}" if text else "a box")
            found.setdefault(what, Finding(
                page.number, f"{what} runs {below / PX_PER_MM:.0f} mm into the footer, below "
                             "the text area; let it break across pages, or make it smaller"))
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
                Finding(number, f"heading {_text(heading)!r} is left alone at the foot; keep "
                                "it on the page of what follows it (break-after: avoid)")
            )
    return findings


def _only_headings(page: _Page) -> list[Finding]:
    """A page whose only content is one heading or more: no other text, and nothing painted
    below the headings (an image, or writing lines drawn as borders, is content)."""
    if not page.lines or not all(line.heading for line in page.lines):
        return []
    below = max(line.box.position_y + line.box.height for line in page.lines) - TOLERANCE
    if any(painted.top >= below for painted in page.painted):
        return []
    text = _cut(" / ".join(line.text for line in page.lines))
    return [Finding(page.number, f"the page holds only the heading {text!r}; keep a heading "
                                 "on the page of what follows it (break-after: avoid), or let "
                                 "what follows break across pages")]


def _mostly_empty(page: _Page, later: _Page) -> list[Finding]:
    """A page under half full that is neither the last nor the page before a forced break."""
    top = page.box.content_box_y()
    bottom = max([painted.bottom for painted in page.painted]
                 + [line.box.position_y + line.box.height for line in page.lines], default=top)
    filled = (bottom - top) / page.box.height
    if filled >= FILL_MIN or _breaks_before(page, later):
        return []
    first = next((line.text for line in later.lines if line.text), "")
    what = f"what follows ({_cut(first, 40)!r})" if first else "what follows"
    return [Finding(page.number, f"{1 - filled:.0%} of the page is empty: {what} did not "
                                 "fit below and starts the next page; let it break "
                                 "across pages, make room for it, or start it on a new page "
                                 "on purpose (break-before: page)")]


def _breaks_before(page: _Page, later: _Page) -> bool:
    """Whether a forced break, or a change of named page, starts the page after `page`."""
    if page.box.page_type.name != later.box.page_type.name:
        return True
    starting = [box for box in _edge(later.boxes[0], 0) if id(box.element) not in page.elements]
    ending = [box for box in _edge(page.boxes[0], -1) if id(box.element) not in later.elements]
    return any(box.style["break_before"] in FORCED for box in starting) or any(
        box.style["break_after"] in FORCED for box in ending)


def _edge(box: Any, end: int) -> Iterator[Any]:
    """`box` and its first (`end` 0) or last (`end` -1) descendants, outermost first."""
    while box is not None:
        yield box
        children = getattr(box, "children", None)
        box = children[end] if children else None


def _measure(page: _Page) -> list[Finding]:
    """Running text whose full lines (all but each paragraph's last) average more than
    MEASURE_MAX characters on the page: the width of the text column, which one paragraph
    of long words or one line alone would not show fairly."""
    paragraphs: dict[int, list[_Line]] = {}
    for line in page.lines:
        if line.running:
            paragraphs.setdefault(id(line.block), []).append(line)
    full = [(_characters(line.text), line) for lines in paragraphs.values()
            for line in lines[:-1]]  # a paragraph's last line may be short
    if len(full) < 2:
        return []
    average = sum(count for count, _ in full) / len(full)
    if average <= MEASURE_MAX:
        return []
    where = max(full, key=lambda found: found[0])[1].text
    return [Finding(page.number, f"lines of running text average {average:.0f} characters, "
                                 f"as in {_cut(where, 40)!r}; {MEASURE_MAX} at most read "
                                 "comfortably: narrow the text column, set two columns, or a "
                                 "larger size")]


def _characters(text: str) -> int:
    """Characters as a reader counts them: combining marks and invisible format marks left out
    (so a Devanagari syllable with its vowel sign is one)."""
    if text.isascii():
        return len(text)
    return sum(1 for c in text if unicodedata.category(c)[0] not in "MC")


def _unfinished(page: _Page) -> list[Finding]:
    """Straight quotes, hyphens in ranges or as dashes, and dates split across lines."""
    findings: list[Finding] = []
    blocks: dict[int, list[_Line]] = {}
    for line in page.lines + page.margin_lines:
        blocks.setdefault(id(line.block), []).append(line)
    texts = [_joined(lines) for lines in blocks.values()]
    quotes = [(text, m.start()) for text in texts for m in re.finditer("['\"]", text)]
    if quotes:
        text, at = quotes[0]
        findings.append(Finding(page.number, (
            f"{len(quotes)} straight quote{'s' if len(quotes) > 1 else ''} in the text (as in: "
            f"{_around(text, at)}); use curly quotes and apostrophes "
            "(\u2018 \u2019 \u201c \u201d)")))
    ranges = [m.group().replace("\n", "") for text in texts for m in _RANGE.finditer(text)]
    if ranges:
        findings.append(Finding(page.number, (
            f"a hyphen in the range{'s' if len(ranges) > 1 else ''} "
            f"{', '.join(map(repr, ranges[:3]))}; use an en dash (2014\u20132024)")))
    dashes = [(text, m.start()) for text in texts for m in _DASH.finditer(text)]
    if dashes:
        text, at = dashes[0]
        findings.append(Finding(page.number, (
            f"a hyphen used as a dash (as in: {_around(text, at)}); use an en dash with "
            "spaces ( \u2013 ) or an em dash (\u2014)")))
    split = [text for text, lines in page.times.values() if len(lines) > 1]
    for lines in blocks.values():
        split += [f"{a.text.split()[-1]} / {b.text.split()[0]}"
                  for a, b in pairwise(lines) if _date_break(a, b)]
    if split:
        findings.append(Finding(page.number, (
            f"a date is split across two lines: {', '.join(map(repr, split[:3]))}; keep each "
            "date on one line (no-break spaces between day, month and year)")))
    return findings


def _joined(lines: list[_Line]) -> str:
    """A block's checked text, its lines joined by newlines and its hyphenated words whole."""
    text = ""
    for line in lines:
        part = "".join(line.checked).strip()
        mark = line.box.style["hyphenate_character"]
        text += part.removesuffix(mark) if mark and part.endswith(mark) else part + "\n"
    return text.rstrip("\n")


def _around(text: str, at: int) -> str:
    """The words around position `at` of `text`."""
    start = text.rfind(" ", 0, max(at - 15, 0)) + 1
    end = text.find(" ", at + 15)
    words = text[start:end if end >= 0 else len(text)]
    return words.replace("\n", " ").replace(HIDDEN, "…").strip()


def _date_break(line: _Line, after: _Line) -> bool:
    """Whether `line` ends in a day number and `after` starts with a month's name (a
    <time> element split across them is reported as such)."""
    inside = line.times[-1] if line.times else None
    if inside is not None and after.times and after.times[0] == inside:
        return False
    end = _DAY_END.search("".join(line.checked).strip())
    words = "".join(after.checked).split()
    if end is None or not words or not 1 <= int(end.group(1)) <= 31:
        return False
    return words[0].strip(",.;:") in month_names(line.lang)


def _small_chart_text(page: _Page, smallest: float) -> list[Finding]:
    """SVG text printing under 8 pt, or under the `smallest` body text (px) the document
    prints elsewhere."""
    need = max(CHART_MIN_PT, smallest / PX_PER_PT if smallest != float("inf") else 0)
    findings = []
    for box in page.boxes:
        image = getattr(box, "replacement", None)
        if type(image).__name__ != "SVGImage":
            continue
        printed = _svg_text_points(image, box.width, box.height)
        if printed and (smallest := min(printed)) < need - 0.05:
            svg = image._svg.tree
            label = svg.get("aria-label") or "a chart"
            why = ("the least a chart may print" if need == CHART_MIN_PT
                   else "the smallest text of the sheet")
            findings.append(Finding(page.number, (
                f"text in the chart {_cut(label, 40)!r} prints at {smallest:.1f} pt, under "
                f"{need:.1f} pt ({why}); make the chart's text at least {need:.1f} pt")))
    return findings


def _svg_text_points(image: Any, width: float, height: float) -> list[float]:
    """The printed size, in points, of each piece of text in an SVG drawn `width` by `height`.

    Sizes are resolved as WeasyPrint draws them (from 12 pt at the root), then scaled from
    the SVG's own units to its laid-out size (its viewBox, as preserveAspectRatio says).
    """
    from weasyprint.svg.utils import preserve_ratio, size

    svg = image._svg
    root = size("12pt")
    scale_x, scale_y, _, _ = preserve_ratio(svg, svg.tree, root, width, height)
    scale = min(scale_x, scale_y)
    found: list[float] = []

    def visit(node: Any, font_size: float) -> None:
        if node.tag == "defs" or not node.display:
            return
        font_size = size(node.get("font-size", "1em"), font_size, font_size)
        if node.tag in ("text", "tspan", "textPath") and (node.text or "").strip():
            found.append(font_size * scale / PX_PER_PT)
        for child in node:
            visit(child, font_size)

    visit(svg.tree, root)
    return found
