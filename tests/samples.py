"""The built-in audiences and the papers the sample sheets are printed on in tests."""

from __future__ import annotations

import datetime as dt

from guide.resources import BUILTIN_STYLES

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
