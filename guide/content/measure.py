"""Text widths before layout, from the bundled fonts' own advance widths (read with fontTools,
once per font): how many lines a summary fills, how long an answer runs. An estimate: no
kerning, shaping or hyphenation, which change a line's width by a few per cent."""

from __future__ import annotations

from functools import cache

from guide.source.resources import BUILTIN_STYLES

FONTS = BUILTIN_STYLES / "fonts"
# The default theme's faces: running text in Noto Serif, headings, boxes and labels in Noto
# Sans; each falls back, as the CSS does (styles/fonts/fonts.css), on its Devanagari face.
FACES = {
    "serif": ("NotoSerif-Regular.ttf", "NotoSerifDevanagari-Regular.ttf"),
    "sans": ("NotoSans-Regular.ttf", "NotoSansDevanagari-Regular.ttf"),
}
UNKNOWN_EM = 0.6  # a character no bundled face has: a wide letter's advance


@cache
def _advances(file: str) -> dict[int, float]:
    """Each character a font file has, with its advance width in ems."""
    from fontTools.ttLib import TTFont

    with TTFont(FONTS / file, lazy=True) as font:
        per_em = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        return {code: metrics[glyph][0] / per_em for code, glyph in font.getBestCmap().items()}


def width_em(text: str, face: str = "serif") -> float:
    """The width of `text` set in `face` (`serif` or `sans`), in ems of its size."""
    fonts = [_advances(file) for file in FACES[face]]
    return sum(
        next((advances[ord(char)] for advances in fonts if ord(char) in advances), UNKNOWN_EM)
        for char in text
    )
