"""`guide new`: a new topic file with every part of the format, ready to fill in."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import yaml

from guide.errors import GuideError, Problem, UsageError
from guide.resources import BUILTIN_TEMPLATES

SKELETON = BUILTIN_TEMPLATES.parent / "skeletons" / "topic.yaml"


def topic_id(title: str) -> str:
    """The file name for a title: `Treaty of Rome (1957)` -> `treaty-of-rome-1957`."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.casefold()).strip("-")


def new_topic(title: str, folder: Path, today: dt.date | None = None) -> Path:
    """Write `folder/<id>.yaml` from the skeleton; never over an existing file."""
    name = topic_id(title)
    if not title.strip() or not name:
        raise UsageError([Problem(None, "give the topic a title with letters or digits")])
    path = folder / f"{name}.yaml"
    today = today or dt.date.today()
    text = (SKELETON.read_text(encoding="utf-8")
            .replace("{{ title }}", yaml.safe_dump(title.strip(), default_style='"',
                                                   allow_unicode=True, width=1000).strip())
            .replace("{{ today }}", today.isoformat())
            .replace("{{ year }}", str(today.year)))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        raise GuideError([Problem(path, "already exists; not overwritten")]) from None
    return path
