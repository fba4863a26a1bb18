"""Markdown topics, `data/<id>.md`: the keys in YAML front matter, the sections in the body.

The file becomes the same `Document` a YAML topic does (plain data, and the line of every
key), so it is validated, linted and printed by the same code and prints the same. Its
lines are the `.md` file's own: the front matter's are offset by its opening `---`.

The body's block structure is the topic's: each `## Heading` starts a section (a trailing
`{level=N}` gives it a level), its paragraphs are the section's `text`, its bullet lists its
`points` (nested lists nest; an item ending in `{level=N}` has that level), and a
paragraph holding only an image, `![alt](file "caption")`, with an optional line
`Credit: ...` under it, is its `figure`. The text itself is kept exactly as typed, so the
same three inline marks print and everything else (HTML, entities, escapes) prints as
typed, as in a YAML topic.

Blocks with no place in a topic (other headings, `---`/`===` underlined headings, numbered
lists, tables, code, quotes, rules) are errors at their line that say what to write
instead: printed as typed they would put `|`, `>` or `###` on a pupil's page, which is never
what the author meant. HTML and link definitions are not blocks here: they are text, printed
as typed, as the contract says of any other markup.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from guide.errors import GuideError, Problem
from guide.source.load import Document, Loc, decode, parse_document, read_bytes
from guide.source.model import validate_topic

FENCE = "---"
FENCE_ENDS = ("---", "...")
_LEVEL = re.compile(r"\s*\{level=([^{}\s]*)\}\s*$")
_CREDIT = re.compile(r"^[ \t]*credit:[ \t]*", re.IGNORECASE | re.MULTILINE)

# What to write instead of each block that has no place in a topic.
_REFUSED = {
    "ordered_list": "numbered lists are not part of a topic; write points with -",
    "table": "tables are not part of a topic; write facts (in the front matter) or points",
    "fence": "code blocks are not part of a topic; write the text as a paragraph",
    "code_block": "a line indented by 4 spaces or more reads as code; take out the indent",
    "blockquote": "quotes (>) are not part of a topic; write the text as a paragraph, with "
                  "the quotation in quotation marks",
    "hr": "a rule (---) is not part of a topic; start a new section with ## instead",
    "heading": "a heading starts its own line, outside points: ## for a section",
}


def opens_with_front_matter(path: Path) -> bool:
    """Whether a Markdown file's first line is `---`: in a folder, only such a file is a
    topic (Jekyll's rule), so that a README.md or notes beside the topics are left alone."""
    try:
        with path.open("rb") as file:
            first = file.readline(64)
    except OSError:
        return True  # a topic that cannot be read says so when it is loaded
    return first.removeprefix(b"\xef\xbb\xbf").rstrip() == FENCE.encode()


def load_markdown(path: Path) -> Document:
    """Read one Markdown topic; raise GuideError with every problem."""
    return parse_markdown(read_bytes(path), path)


def parse_markdown(raw: bytes, path: Path) -> Document:
    """Parse a Markdown topic's bytes (see `load_markdown`)."""
    text = decode(raw, path)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    end = _front_matter_end(lines, path)
    doc = _front_matter(lines[1:end], path)
    problems: list[Problem] = []
    if "sections" in doc.data:
        problems.append(doc.problem(("sections",), "in a Markdown topic, sections are written "
                                    "below the front matter, each under a ## heading"))
    # Blank lines stand in for the front matter, so that the parser's lines are the file's.
    body = "\n" * (end + 1) + "\n".join(lines[end + 1 :])
    sections = _Body(doc, lines, problems).sections(SyntaxTreeNode(_parser().parse(body)))
    if sections:
        doc.data["sections"] = sections
    if problems:  # with the model's, so that every problem is told at once
        try:
            validate_topic(doc)
        except GuideError as exc:
            problems += exc.problems
        raise GuideError(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
    return doc


def _front_matter_end(lines: list[str], path: Path) -> int:
    """The index of the line that closes the front matter, which the first line opens."""
    if lines[0].rstrip() != FENCE:
        raise GuideError([Problem(path, "a Markdown topic starts with its front matter: a line "
                                        "---, the keys (title:, summary: ...), then a line ---",
                                  1)])
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in FENCE_ENDS:
            return index
    raise GuideError([Problem(path, "the front matter is never closed; end it with a line ---",
                              1)])


def _front_matter(lines: list[str], path: Path) -> Document:
    """The front matter as a YAML document, its lines counted from the file's first."""
    if all(not line.strip() or line.lstrip().startswith("#") for line in lines):
        return Document(path, {}, {(): (1, 1)})  # the model says what is missing
    try:
        doc = parse_document("\n".join(lines).encode(), path)
    except GuideError as exc:
        raise GuideError([_below_fence(p) for p in exc.problems]) from None
    doc.marks = {loc: (line + 1, column) for loc, (line, column) in doc.marks.items()}
    doc.marks[()] = (1, 1)
    return doc


def _below_fence(problem: Problem) -> Problem:
    return problem if problem.line is None else replace(problem, line=problem.line + 1)


@cache
def _parser() -> MarkdownIt:
    """CommonMark blocks (tables too, to refuse them), without HTML blocks and link
    definitions: both are text, printed as typed. Every image is read as one, whatever it
    names, so that the figure check can refuse it."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table").disable("reference")
    md.validateLink = lambda url: True
    return md


class _Body:
    """The body's blocks as the raw `sections` list, recording the line of each key."""

    def __init__(self, doc: Document, lines: list[str], problems: list[Problem]) -> None:
        self.doc = doc
        self.lines = lines
        self.problems = problems

    def sections(self, root: SyntaxTreeNode) -> list[dict[str, Any]]:
        sections: list[dict[str, Any]] = []
        for node in root.children:
            if node.type == "heading" and not node.markup.startswith("#"):
                self._refuse(node, "a line of --- or === under text makes it a heading; "
                                   "start sections with ## Heading, and leave rules out")
            elif node.type == "heading" and node.tag == "h2":
                sections.append(self._start(node, ("sections", len(sections))))
            elif node.type == "heading" and node.tag == "h1" and not sections:
                self._title(node)
            elif node.type == "heading":
                self._refuse(node, f"{'#' * int(node.tag[1])} headings are not part of a topic: "
                                   "sections start with ## (two); for a part inside a section, "
                                   "write a point with points under it")
            elif not sections:
                self._refuse(node, "this is above the first ## heading, in no section; "
                                   "start a section with ## Heading above it")
            else:
                self._add(node, sections[-1], ("sections", len(sections) - 1))
        return sections

    def _start(self, heading: SyntaxTreeNode, loc: Loc) -> dict[str, Any]:
        section: dict[str, Any] = {}
        self._mark(loc, heading)
        text, level = _levelled(_inline(heading))
        section["heading"] = text
        self._mark((*loc, "heading"), heading)
        if level is not None:
            section["level"] = level
            self._mark((*loc, "level"), heading)
        return section

    def _title(self, heading: SyntaxTreeNode) -> None:
        """A `# Title` above the first section is allowed when it repeats the title."""
        title = self.doc.data.get("title")
        if not isinstance(title, str) or _inline(heading).strip() != title.strip():
            self._refuse(heading, "a # heading is not part of a topic: the title is title: in "
                                  "the front matter, and sections start with ## (two)")

    def _add(self, node: SyntaxTreeNode, section: dict[str, Any], loc: Loc) -> None:
        if node.type == "paragraph" and _inline(node).lstrip().startswith("!["):
            self._figure(node, section, loc)
        elif node.type == "paragraph":
            self._no_images(node, "a picture goes in a paragraph of its own, under its "
                                  "section's heading")
            if "text" in section:
                section["text"] += "\n\n" + _inline(node)
            else:
                section["text"] = _inline(node)
                self._mark((*loc, "text"), node)
        elif node.type == "bullet_list":
            points = section.setdefault("points", [])
            if len(points) == 0:
                self._mark((*loc, "points"), node)
            self._points(node, points, (*loc, "points"))
        else:
            self._refuse(node, _what_instead(node))

    def _points(self, bullets: SyntaxTreeNode, points: list[Any], loc: Loc) -> None:
        for item in bullets.children:
            here = (*loc, len(points))
            self._mark(here, item)
            paragraphs, nested = [], []
            for child in item.children:
                if child.type == "paragraph":
                    self._no_images(child, "a picture is a section's figure: put it in a "
                                           "paragraph of its own, not in a point")
                    paragraphs.append(_inline(child))
                elif child.type == "bullet_list":
                    nested.append(child)
                else:
                    self._refuse(child, _what_instead(child))
            # An empty item is empty text; one with only a list under it lacks its text.
            text, level = _levelled("\n\n".join(paragraphs)) if paragraphs else (
                None if nested else "", None)
            point: dict[str, Any] = {} if text is None else {"text": text}
            if level is not None:
                point["level"] = level
            for child in nested:
                self._points(child, point.setdefault("points", []), (*here, "points"))
            for key in point:
                self._mark((*here, key), item)
            points.append(text if set(point) == {"text"} else point)

    def _figure(self, node: SyntaxTreeNode, section: dict[str, Any], loc: Loc) -> None:
        """`![alt](file "caption")`, alone in its paragraph but for a line `Credit: ...`."""
        source = _inline(node)
        credit = _CREDIT.search(source)
        image_source = (source[: credit.start()] if credit else source).strip()
        children = [c for c in SyntaxTreeNode(_parser().parseInline(image_source)).children[0]
                    .children if not (c.type == "text" and not c.content.strip())]
        if [c.type for c in children] != ["image"]:
            self._refuse(node, "a figure's paragraph holds the picture, ![alt](file "
                               "\"caption\"), and nothing else but a line Credit: ... under it")
            return
        here = (*loc, "figure")
        if "figure" in section:
            self._refuse(node, "a section has one figure; start a new ## section for this one")
            return
        image = children[0]
        figure = {"file": unquote(str(image.attrs.get("src", ""))), "alt": image.content}
        if title := image.attrs.get("title"):
            figure["caption"] = str(title)
        for key in ((), *((k,) for k in figure)):
            self._mark((*here, *key), node)
        if credit:
            figure["credit"] = source[credit.end() :]
            self._mark((*here, "credit"), node, source[: credit.start()].count("\n"))
        section["figure"] = figure

    def _no_images(self, paragraph: SyntaxTreeNode, message: str) -> None:
        if any(child.type == "image" for child in paragraph.children[0].walk()):
            self._refuse(paragraph, message)

    def _where(self, node: SyntaxTreeNode, below: int = 0) -> tuple[int, int]:
        """The 1-based line and column where `node` (or its line `below` its first) starts."""
        index = (node.map[0] if node.map else 0) + below
        line = self.lines[index] if index < len(self.lines) else ""
        return index + 1, len(line) - len(line.lstrip()) + 1

    def _mark(self, loc: Loc, node: SyntaxTreeNode, below: int = 0) -> None:
        self.doc.marks[loc] = self._where(node, below)

    def _refuse(self, node: SyntaxTreeNode, message: str) -> None:
        self.problems.append(Problem(self.doc.path, message, *self._where(node)))


def _inline(node: SyntaxTreeNode) -> str:
    """The text of a heading or paragraph exactly as typed (without its indent)."""
    return node.children[0].content if node.children else ""


def _levelled(text: str) -> tuple[str, str | None]:
    """Text without a trailing `{level=N}`, and N as typed (the model checks it)."""
    match = _LEVEL.search(text)
    return (text[: match.start()], match.group(1)) if match else (text, None)


def _what_instead(node: SyntaxTreeNode) -> str:
    return _REFUSED.get(node.type, f"{node.type.replace('_', ' ')} is not part of a topic")
