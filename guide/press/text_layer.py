"""The text behind the glyphs: search, copy and paste and screen readers get the words printed.

A PDF gives each character code of a font one Unicode string (its ToUnicode map). WeasyPrint
70 uses glyph numbers as codes and gives each glyph the text of the first cluster it is drawn
in, all of it on the cluster's last glyph. That is right for Latin text, one glyph a letter,
and wrong for a shaped script: Devanagari draws नि as the vowel sign, then न, and reuses
glyphs across clusters, so न read back as "नि" everywhere, म as nothing, and half the words of
a Hindi sheet came back broken from pdftotext and pdf.js (issue 13; WeasyPrint issue 2841).
Two things make them right, and each needs the other:

- Codes. Each cluster's text is split over the glyphs drawn for it, in drawing order, each
  glyph getting at least one character (pdf.js reads an empty entry as the glyph's number),
  and a glyph drawn for a text other than its first gets a code (a CID) of its own, which
  the font's CIDToGIDMap maps back to the glyph. The page looks the same; pdf.js, which
  reads glyph by glyph, reads the words as typed (from 6.5: before, it put a space after any
  glyph whose text holds a mark, pdf.js issue 21890).
- /ActualText. Poppler (pdftotext, Evince, Okular) reads glyph by glyph too, but breaks a word
  wherever a glyph starts within a tenth of an em of the one before, as a mark does on its
  letter. Each word with such a glyph is drawn inside a /Span whose /ActualText is the word
  and the space after it (pdfium, Chrome's reader, loses that space otherwise); poppler and
  pdfium take that text for the whole span, as the PDF standard says readers should. pdf.js
  ignores /ActualText.

This hooks WeasyPrint 70's drawing of a line (its glyphs and the strings it shows), its font
subsetting and its font dictionaries; WeasyPrint is pinned to 70 for that. Right-to-left runs
are left as they were. Whole fonts (booklet parts, whose fonts are shared between parts) keep
WeasyPrint's codes: poppler and pdfium read their words right, pdf.js not.
"""

from __future__ import annotations

import contextlib
import io
import re
import threading
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

_CODES_TOO: ContextVar[bool | None] = ContextVar("text_layer", default=None)  # None: off
_TOKENS = re.compile(r"<([0-9a-f]*)>|([^<>\s]+)")  # in a TJ string: glyph codes, or a shift


@dataclass
class _Codes:
    """A font's codes of our own: the glyph each draws, and the code of each glyph and text."""

    glyph: dict[int, int] = field(default_factory=dict)
    code: dict[tuple[int, str], int] = field(default_factory=dict)


_FONT_CODES: WeakKeyDictionary[Any, _Codes] = WeakKeyDictionary()
_INSTALLING = threading.Lock()  # sheets are printed in threads


@contextlib.contextmanager
def text_layer(codes: bool) -> Iterator[None]:
    """Within this, PDFs are written with words marked with their text, and with `codes`
    (for subset fonts only) every glyph's own text too."""
    with _INSTALLING:
        _install()
    token = _CODES_TOO.set(codes)
    try:
        yield
    finally:
        _CODES_TOO.reset(token)


def _install() -> None:
    import pydyf
    from weasyprint.draw import text
    from weasyprint.pdf import fonts

    if getattr(text.draw_first_line, "guide_hook", False):
        return
    draw_first_line = text.draw_first_line
    clean = fonts.Font.clean
    font_dictionary = fonts._build_vector_font_dictionary

    def hooked_draw_first_line(stream: Any, textbox: Any, *args: Any) -> Any:
        if _CODES_TOO.get() is None:
            return draw_first_line(stream, textbox, *args)
        layout = textbox.pango_layout
        get_first_line = layout.get_first_line
        line = _Line(stream, codes=bool(_CODES_TOO.get()))

        def spelled_first_line() -> Any:
            first_line, index = get_first_line()
            line.spell(textbox, first_line)
            return first_line, index

        layout.get_first_line = spelled_first_line
        stream.show_text = line.show_text
        try:
            return draw_first_line(stream, textbox, *args)
        finally:
            del layout.get_first_line, stream.show_text
            line.close()

    def hooked_clean(font: Any, to_unicode: dict[int, str], hinting: bool) -> Any:
        if _CODES_TOO.get():  # codes past the last glyph (ours too) are not glyphs to keep
            to_unicode = {code: text for code, text in to_unicode.items()
                          if code < font.glyph_count}
        return clean(font, to_unicode, hinting)

    def hooked_font_dictionary(dictionary: Any, pdf: Any, font: Any, widths: dict[int, int],
                               *args: Any) -> Any:
        codes = _FONT_CODES.get(font)
        if not codes or not codes.glyph:
            return font_dictionary(dictionary, pdf, font, widths, *args)
        # Our codes are CIDs past the font's last glyph, as WeasyPrint's for missing glyphs
        # are, and a CIDToGIDMap draws each with its glyph (a missing one with .notdef), so
        # that the encoding stays Identity-H, which every reader knows (pypdf misreads
        # WeasyPrint's CMap for missing glyphs).
        missing, font.missing = font.missing, {}
        try:
            result = font_dictionary(dictionary, pdf, font, widths, *args)
        finally:
            font.missing = missing
        last = max(font.to_unicode.keys() | font.widths.keys())
        glyphs = [code if code < font.glyph_count else codes.glyph.get(code, 0)
                  for code in range(last + 1)]
        stream = pydyf.Stream([b"".join(glyph.to_bytes(2, "big") for glyph in glyphs)],
                              compress=args[0])
        pdf.add_object(stream)
        descendant = pdf.objects[int(dictionary["DescendantFonts"][0].split()[0])]
        descendant["CIDToGIDMap"] = stream.reference
        return result

    hooked_draw_first_line.guide_hook = True  # type: ignore[attr-defined]
    text.draw_first_line = hooked_draw_first_line
    fonts.Font.clean = hooked_clean
    fonts._build_vector_font_dictionary = hooked_font_dictionary


class _Line:
    """One line being drawn: the codes of its glyphs, and its words to mark with their text,
    found in the strings that WeasyPrint shows, glyph by glyph."""

    def __init__(self, stream: Any, codes: bool) -> None:
        self.stream = stream
        self.codes = codes
        self.show = type(stream).show_text.__get__(stream)
        self.opens: dict[int, str] = {}  # before the n-th glyph shown, a word to mark begins
        self.closes: set[int] = set()  # and after the n-th, it ends
        self.shown = 0
        self.open = self.ending = False  # a word's span is open; its last glyph is shown

    def spell(self, textbox: Any, line: Any) -> None:
        """Give each glyph of `line` a code whose text is its share of its cluster's text,
        and find the words to mark: those with a cluster of several glyphs or a glyph that
        does not move the pen (a mark on a letter), which poppler takes for a duplicate or
        a gap, or (whole fonts) a glyph that reads back wrong. Latin text has none: its
        words are not marked."""
        from weasyprint.text.ffi import ffi, pango

        empty, unknown = pango.PANGO_GLYPH_EMPTY, pango.PANGO_GLYPH_UNKNOWN_FLAG
        self.opens.clear()
        self.closes.clear()
        text = textbox.pango_layout.text.encode()
        shown = 0  # glyphs shown so far, in the order WeasyPrint shows them
        word: list[str] = []  # the clusters of the word so far, and where it began
        start, marked = 0, False
        run = line.runs[0]
        while run != ffi.NULL:
            glyph_item, run = run.data, run.next
            item, glyphs = glyph_item.item, glyph_item.glyphs
            # Read in bulk (one PangoGlyphInfo: glyph, width, x and y offsets, attributes).
            count = glyphs.num_glyphs
            values = _ints(ffi, glyphs.glyphs, 5 * count)
            ids, placed = values[0::5], [  # a mark, or a glyph raised or lowered
                bool(y or not width) for width, y in zip(values[1::5], values[3::5], strict=True)]
            pango_font = item.analysis.font
            font, font_size = self.stream.add_font(pango_font)
            if font.bitmap:  # one-byte codes: this line is left as it was
                self.opens.clear()
                self.closes.clear()
                return
            if item.analysis.level % 2 or font.png or font.svg or font.colr:
                shown += sum(glyph != empty for glyph in ids)
                self._mark(word, start, marked, shown)
                word, marked = [], False
                continue
            if pango.pango_version() < 14802:  # the size WeasyPrint measures widths at
                font_size = textbox.style["font_size"]
            codes = _FONT_CODES.setdefault(font, _Codes()) if self.codes else None
            starts = _ints(ffi, glyphs.log_clusters, count)
            bounds = sorted(set(starts))
            ends = dict(zip(bounds, [*bounds[1:], item.length], strict=True))
            first = 0
            while first < count:
                last = first + 1
                while last < count and starts[last] == starts[first]:
                    last += 1
                cluster = text[item.offset + starts[first]:item.offset + ends[starts[first]]]
                cluster_text = cluster.decode()
                drawn = [i for i in range(first, last) if ids[i] != empty]
                spelled = [i for i in drawn if not ids[i] & unknown]
                own = [codes.glyph.get(ids[i], ids[i]) if codes else ids[i] for i in spelled]
                read = font.to_unicode if codes is not None else _cmap_text(font)
                shares = _share(cluster_text, own, read)
                if codes is not None:
                    for i, glyph, share in zip(spelled, own, shares, strict=True):
                        code = _code(self.stream, font, codes, pango_font, font_size, glyph,
                                     share)
                        if code != ids[i]:
                            glyphs.glyphs[i].glyph = code
                if cluster_text.isspace() and drawn and word:
                    # The space after a word goes in its span: pdfium loses it otherwise
                    # when the word ends in a mark.
                    self._mark([*word, cluster_text], start, marked, shown + len(drawn))
                    word, marked = [], False
                elif cluster_text.isspace() or not drawn:
                    self._mark(word, start, marked, shown)
                    word, marked = [], False
                else:
                    if not word:
                        start = shown
                    word.append(cluster_text)
                    # Whole fonts keep WeasyPrint's codes, which read back through the
                    # font's cmap: a word with a glyph that reads back wrong is marked too.
                    marked = marked or len(drawn) > 1 or any(placed[i] for i in drawn) or (
                        codes is None and any(read.get(glyph) != share
                                              for glyph, share in zip(own, shares, strict=True)))
                shown += len(drawn)
                first = last
        self._mark(word, start, marked, shown)

    def _mark(self, word: list[str], start: int, marked: bool, end: int) -> None:
        if word and marked and end > start:
            self.opens[start] = "".join(word)
            self.closes.add(end - 1)

    def show_text(self, text: str) -> None:
        """Show `text`, a TJ string of WeasyPrint's, each marked word inside a /Span, with
        the shifts after its last glyph."""
        import pydyf

        if not self.opens:
            return self.show(text)
        pending: list[str] = []
        for codes, shift in _TOKENS.findall(text):
            if shift:
                pending.append(shift)
                continue
            group = ""
            for at in range(0, len(codes), 4):
                if self.ending or self.shown in self.opens:
                    self._show(pending, group)
                    pending, group = [], ""
                    self.close()
                if self.shown in self.opens:
                    self.stream.begin_marked_content("Span", pydyf.Dictionary(
                        {"ActualText": pydyf.String(self.opens[self.shown])}))
                    self.open = True
                group += codes[at:at + 4]
                self.ending = self.open and self.shown in self.closes
                self.shown += 1
            if group:
                pending.append(f"<{group}>")
        self._show(pending, "")

    def _show(self, pending: list[str], group: str) -> None:
        tokens = [*pending, f"<{group}>"] if group else pending
        if tokens:
            self.show(" ".join(tokens))

    def close(self) -> None:
        """End the word being marked, if any."""
        if self.open:
            self.stream.end_marked_content()
        self.open = self.ending = False


_CMAP_TEXT: dict[Any, dict[int, str]] = {}  # by font file


def _cmap_text(font: Any) -> dict[int, str]:
    """The text a whole font's glyphs read back as: the first character that the font's
    cmap maps to each, as WeasyPrint writes it."""
    if font.hash not in _CMAP_TEXT:
        from fontTools.ttLib import TTFont

        ttfont = TTFont(io.BytesIO(font.file_content), fontNumber=font.index, lazy=True)
        text: dict[int, str] = {}
        for letter, name in ttfont.getBestCmap().items():
            text.setdefault(ttfont.getGlyphID(name), chr(letter))
        _CMAP_TEXT[font.hash] = text
    return _CMAP_TEXT[font.hash]


def _ints(ffi: Any, array: Any, count: int) -> list[int]:
    """`count` 32-bit integers from a C array, read at once."""
    return memoryview(ffi.buffer(array, 4 * count)).cast("i").tolist()


def _share(text: str, glyphs: list[int], known: dict[int, str]) -> list[str]:
    """`text` cut into one piece per glyph, in order, each of at least one character while
    there are enough: a glyph's piece is the text it already has where that fits, else one
    character; the last glyph takes the rest."""
    shares = []
    for index, glyph in enumerate(glyphs):
        left = len(glyphs) - index - 1  # glyphs after this one
        if not left:
            shares.append(text)
            break
        had = known.get(glyph)
        piece = had if had and text.startswith(had) and len(text) - len(had) >= left else text[:1]
        shares.append(piece)
        text = text[len(piece):]
    return shares


def _code(stream: Any, font: Any, codes: _Codes, pango_font: Any, font_size: float,
          glyph: int, text: str) -> int:
    """The code that draws `glyph` and reads back as `text`: the glyph's own number if that
    reads back as `text` (or as nothing yet), else one of our own, taken where WeasyPrint
    takes those of missing glyphs."""
    if font.to_unicode.setdefault(glyph, text) == text:
        return glyph
    if (code := codes.code.get((glyph, text))) is not None:
        return code
    if font.glyph_count + len(font.missing) >= 0xFFFF:
        return glyph  # no code left: the glyph keeps its first text
    if glyph not in font.widths:  # measured as WeasyPrint does, which cannot measure a code
        from weasyprint.text.ffi import FROM_UNITS, pango

        pango.pango_font_get_glyph_extents(pango_font, glyph, stream.ink_rect,
                                           stream.logical_rect)
        font.widths[glyph] = round(stream.logical_rect.width * 1000 * FROM_UNITS / font_size)
    code = codes.code[glyph, text] = font.get_unused_glyph_id(("guide", glyph, text))
    codes.glyph[code] = glyph
    font.to_unicode[code] = text
    font.widths[code] = font.widths[glyph]
    return code
