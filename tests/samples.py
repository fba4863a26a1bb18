"""The built-in audiences and the papers the sample sheets are printed on in tests."""

from __future__ import annotations

from guide.resources import BUILTIN_STYLES

BUILTIN = sorted(
    p.stem for p in (BUILTIN_STYLES / "audiences").glob("*.yaml") if p.stem != "default"
)
PAPERS = {"A4": (595.28, 841.89), "Letter": (612, 792)}
