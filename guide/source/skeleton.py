"""`guide new`: a new topic file with every part of the format, ready to fill in, as YAML or
as Markdown; a YAML one tells the editor where its schema is, so it completes and checks."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import yaml

from guide.errors import GuideError, Problem, UsageError
from guide.source.resources import BUILTIN_TEMPLATES
from guide.source.schema import modeline

SKELETON = BUILTIN_TEMPLATES.parent / "skeletons" / "topic.yaml"
# In the skeleton, the sections: block runs from this line to the next top-level key.
SECTIONS = re.compile(r"^sections:.*\n(?:(?:[ #].*)?\n)*?(?=\S)", re.MULTILINE)


def topic_id(title: str) -> str:
    """The file name for a title: `Treaty of Rome (1957)` -> `treaty-of-rome-1957`."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.casefold()).strip("-")


def new_topic(title: str, folder: Path, today: dt.date | None = None,
              markdown: bool = False) -> Path:
    """Write `folder/<id>.yaml` (or `.md`) from the skeleton; never over an existing file."""
    name = topic_id(title)
    if not title.strip() or not name:
        raise UsageError([Problem(None, "give the topic a title with letters or digits")])
    today = today or dt.date.today()
    text = (SKELETON.read_text(encoding="utf-8")
            .replace("{{ title }}", yaml.safe_dump(title.strip(), default_style='"',
                                                   allow_unicode=True, width=1000).strip())
            .replace("{{ today }}", today.isoformat())
            .replace("{{ year }}", str(today.year)))
    path = folder / f"{name}.{'md' if markdown else 'yaml'}"
    text = as_markdown(text) if markdown else f"{modeline('topic')}\n{text}"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        raise GuideError([Problem(path, "already exists; not overwritten")]) from None
    return path


def as_markdown(skeleton: str) -> str:
    """The YAML skeleton as a Markdown topic: every key but `sections` in the front matter,
    each section a `## Heading` with its paragraphs and `-` points.

    No schema line: the YAML language server does not read a Markdown file's front matter;
    `guide check` and `guide serve` check it instead.
    """
    block = SECTIONS.search(skeleton)
    assert block is not None, "the skeleton has a sections: block"
    front = (skeleton[: block.start()] + skeleton[block.end():]).rstrip() + "\n"
    front = front.replace("# A new topic for guide.", "# A new topic for guide, in Markdown: "
                          "the keys up here,\n# each section below as a ## heading.", 1)
    body = []
    for section in yaml.safe_load(block.group())["sections"]:
        body += [f"## {section['heading']}", ""]
        body += [paragraph.strip() + "\n" for paragraph in
                 re.split(r"\n\s*\n", section.get("text", "")) if paragraph.strip()]
        body += [*_points(section.get("points", [])), ""]
    return "---\n" + front + "---\n\n" + "\n".join(body).rstrip() + "\n"


def _points(points: list[str | dict[str, object]], depth: int = 0) -> list[str]:
    lines = []
    for point in points:
        text = point if isinstance(point, str) else point["text"]
        lines.append(f"{'  ' * depth}- {text}")
        if isinstance(point, dict):
            lines += _points(point.get("points", []), depth + 1)  # type: ignore[arg-type]
    return lines
