"""Fonts are cut by guide's own HarfBuzz (the uharfbuzz wheel, guide.press.subset): down to
the glyphs used, each at its number, and to the same bytes whether or not the machine has
a HarfBuzz subsetter of its own for WeasyPrint to find."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont
from weasyprint.pdf import fonts as weasyprint_fonts

from guide.api import build
from guide.press.subset import subset
from guide.source.resources import BUILTIN_STYLES, Project

from samples import TODAY, copy_samples

REGULAR = BUILTIN_STYLES / "fonts" / "NotoSans-Regular.ttf"


def test_a_cut_font_keeps_the_glyphs_asked_for_at_their_numbers_and_no_others() -> None:
    whole = TTFont(REGULAR)
    cmap = whole.getBestCmap()
    asked = {whole.getGlyphID(cmap[ord(c)]) for c in "Az€"}
    cut = TTFont(io.BytesIO(subset(REGULAR.read_bytes(), asked)))
    assert cut["maxp"].numGlyphs == max(asked) + 1
    order, glyphs = cut.getGlyphOrder(), cut["glyf"]
    drawn = {gid for gid in range(len(order)) if glyphs[order[gid]].numberOfContours}
    assert drawn == asked  # .notdef's outline goes too: no glyph of the PDF draws it
    for gid in asked:
        before = whole["glyf"][whole.getGlyphOrder()[gid]]
        after = glyphs[order[gid]]
        assert list(after.getCoordinates(glyphs)[0]) == list(
            before.getCoordinates(whole["glyf"])[0])
        assert cut["hmtx"][order[gid]] == whole["hmtx"][whole.getGlyphOrder()[gid]]
    assert not {"GSUB", "GPOS", "fpgm", "prep"} & set(cut.keys())  # layout done; no hinting


def test_what_is_not_a_font_is_left_uncut() -> None:
    assert subset(b"not a font at all", [1, 2]) is None


def _fonts(pdf: Path) -> dict[str, bytes]:
    with pikepdf.open(pdf) as opened:
        return {str(obj.FontName): obj.FontFile2.read_bytes() for obj in opened.objects
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor"}


def test_a_sheet_has_the_same_bytes_with_or_without_the_machines_subsetter(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_samples(tmp_path)
    project, topic = Project(tmp_path), [tmp_path / "data" / "csto.hi.yaml"]
    build(topic, ["classroom"], tmp_path / "here", project=project, cache=False, today=TODAY)
    # A machine without libharfbuzz-subset: WeasyPrint alone would fall back to fontTools.
    monkeypatch.setattr(weasyprint_fonts, "harfbuzz_subset", None)
    build(topic, ["classroom"], tmp_path / "there", project=project, cache=False, today=TODAY)
    here, there = (tmp_path / f / "csto.hi-classroom.pdf" for f in ("here", "there"))
    assert here.read_bytes() == there.read_bytes()
    fonts = _fonts(here)
    assert len(fonts) >= 4  # Latin and Devanagari, regular and bold
    text_fonts = [size for path in (BUILTIN_STYLES / "fonts").glob("*.ttf")
                  if (size := path.stat().st_size) > 100_000]  # not the symbols' few glyphs
    assert all(len(data) < min(text_fonts) / 10 for data in fonts.values()), {
        name: len(data) for name, data in fonts.items()}
