"""The built-in audiences and the papers the sample sheets are printed on in tests, and the
sample project's files to build elsewhere."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from guide.source.resources import BUILTIN_STYLES

REPO = Path(__file__).resolve().parent.parent

BUILTIN = sorted(
    p.stem for p in (BUILTIN_STYLES / "audiences").glob("*.yaml") if p.stem != "default"
)
PAPERS = {"A4": (595.28, 841.89), "Letter": (612, 792)}
# The day every test counts facts' ages to (conftest.py): the samples' as_of is fresh then.
TODAY = dt.date(2026, 12, 2)


def sheet_name(topic: str, audience: str, paper: str) -> str:
    """A sample sheet's file: A4 is the built-in audiences' own paper, so another paper
    given with --paper adds its name."""
    return f"{topic}-{audience}" + ("" if paper == "A4" else f"-{paper.lower()}") + ".pdf"


def copy_samples(root: Path) -> None:
    """The sample topics under `root`, with the pictures they print (NATO's figure)."""
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "images", root / "images")
