"""The languages topic files are written in, by suffix: a new input format is a reader
(bytes in, a `Document` of plain data with line marks out) and one line below."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from guide.source.load import Document, load_document
from guide.source.markdown_topic import load_markdown, opens_with_front_matter


@dataclass(frozen=True)
class Format:
    """A topic file format: how to read one, and whether a file of its suffix found in a
    folder is a topic (named directly, it always is)."""

    read: Callable[[Path], Document]
    is_topic: Callable[[Path], bool] = lambda _path: True


FORMATS: dict[str, Format] = {
    ".yaml": Format(load_document),
    ".yml": Format(load_document),
    ".md": Format(load_markdown, opens_with_front_matter),
}
TOPIC_SUFFIXES = tuple(FORMATS)


def read_topic(path: Path) -> Document:
    """A topic file's plain data and lines, whatever format it is written in (YAML for an
    unknown suffix, whose errors then say what was expected)."""
    return FORMATS.get(path.suffix.lower(), FORMATS[".yaml"]).read(path)


def found_topic(path: Path) -> bool:
    """Whether `path`, found in a folder, is a topic file."""
    known = FORMATS.get(path.suffix)
    return known is not None and known.is_topic(path)
