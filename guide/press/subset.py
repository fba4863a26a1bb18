"""Fonts cut down to the glyphs a PDF uses, by HarfBuzz's subsetter in C (the uharfbuzz wheel).

WeasyPrint 70 subsets with the system's libharfbuzz-subset where there is one and with
fontTools where not: two machines gave two sets of bytes, and fontTools took about half of a
sheet's drawing time. Its HarfBuzz route, too, spends more on cffi than on cutting: each
`hb_codepoint_t[n]` of a new length is a C declaration parsed again, some 10 ms a font. The
wheel brings one HarfBuzz to every machine, so a sheet's bytes are the same wherever it is
made, and no system package is needed. A booklet's fonts are cut here too, once for the
whole booklet (`guide.press.assemble`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

# Tables a PDF never reads (layout is already done; colour bitmaps and SVG glyphs are not
# drawn from the font file): WeasyPrint's list.
_DROPPED = [int.from_bytes(tag.encode(), "big") for tag in (
    "BASE", "DSIG", "EBDT", "EBLC", "EBSC", "GPOS", "GSUB", "JSTF", "LTSH", "PCLT", "SVG ")]

_INSTALLING = threading.Lock()  # sheets are printed in threads


def subset(font: bytes, glyphs: Iterable[int], index: int = 0, hinting: bool = False,
           notdef_outline: bool = False) -> bytes | None:
    """`font` (a TrueType or OpenType file, face `index`) with only `glyphs` drawn, each
    keeping its number, as PDFs refer to glyphs by number; None if HarfBuzz cannot cut it."""
    import uharfbuzz as hb

    request = hb.SubsetInput()
    request.glyph_set.update(glyphs)
    request.drop_table_tag_set.update(_DROPPED)
    flags = (hb.SubsetFlags.RETAIN_GIDS | hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED
             | hb.SubsetFlags.DESUBROUTINIZE)
    if not hinting:
        flags |= hb.SubsetFlags.NO_HINTING
    if notdef_outline:
        flags |= hb.SubsetFlags.NOTDEF_OUTLINE
    request.flags = flags
    try:
        return hb.subset(hb.Face(hb.Blob(font), index), request).blob.data or None
    except RuntimeError:  # "Subsetting failed": not a font HarfBuzz can read
        return None


def install() -> None:
    """Make WeasyPrint cut its fonts with `subset` (once per process)."""
    import uharfbuzz  # noqa: F401  (here, in the parent process, not in every worker)
    from weasyprint.pdf import fonts

    with _INSTALLING:
        if getattr(fonts.Font.subset, "guide_hook", False):
            return

        def hooked_subset(font: Any, to_unicode: dict[int, str], hinting: bool) -> None:
            if not to_unicode:
                return
            data = subset(font.file_content, to_unicode, font.index, hinting,
                          notdef_outline=bool(font.missing))
            if data is None:
                fonts.LOGGER.warning('Unable to subset "%s" with HarfBuzz', font.family)
            else:
                font.file_content = data

        hooked_subset.guide_hook = True  # type: ignore[attr-defined]
        fonts.Font.subset = hooked_subset
