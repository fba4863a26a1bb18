"""A topic's timeline drawn as an inline SVG on a proportional time axis, for sharp print;
and what both charts (this and `guide.render.comparison_chart`) take from an audience's theme.

Each event is a dot on the axis and a "flag" label: a vertical leader (the flag pole) rises or
falls from the dot and runs along the edge of the label, the date in bold over the event's
whole text, wrapped. The axis runs the whole width of the text. Labels are packed into lanes
above and below the axis so that none overlaps another and no leader passes behind another
label, however close the dates (see `plan` and `_pack`); the SVG is as tall as the lanes need.

All geometry is in millimetres (the SVG's user unit, through its `viewBox`), and every text
element carries its `font-size`, so that its printed size is that number scaled by the printed
width over the `viewBox` width. Colours are set by CSS classes (`tl-axis`, `tl-arrow`,
`tl-tick`, `tl-year`, `tl-dot`, `tl-leader`, `tl-label`, `tl-date`, and `tl-halo` for the
paper behind the years) in a `<style>` inside the SVG, with no colour on any element:
WeasyPrint draws an inline SVG with the SVG's own style sheet only (the document's CSS and
`var()` do not reach inside), so a theme's colours and font are passed in as a palette, which
`chart_theme` reads from the theme's style sheets.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from guide.content.i18n import _, month_tick, when
from guide.content.marks import plain
from guide.source.model import Event, PartialDate
from guide.source.paper import MM_PER_PT

MIN_TEXT_PT = 8.0  # no chart text is smaller, whatever the theme
COLUMN_GAP_MM = 6.0  # between a multi-column theme's columns (`.topic-body` in styles/base.css)

# The charts' look when no palette is given: the classroom theme's colours, a sans face.
# The two topics of a comparison take `chart-1` and `chart-2` (see
# `guide.render.comparison_chart`), each filled `solid`, in `outline` or with `hatch`ing;
# `chart-topic-colours: none` ignores the colours that topics pin.
DEFAULT_PALETTE: dict[str, str] = {
    "text": "#1d232b",
    "muted": "#4f5966",
    "accent": "#0b5c7a",
    "rule": "#8d98a3",
    "paper": "#ffffff",
    "font": '"Noto Sans", "DejaVu Sans", sans-serif',
    "chart-1": "#0b5c7a",
    "chart-2": "#c96a00",
    "chart-1-fill": "solid",
    "chart-2-fill": "solid",
    "chart-topic-colours": "auto",
}
# Theme variables that fill a palette.
THEME_VARIABLES = {
    "text": "--color-text",
    "muted": "--color-muted",
    "accent": "--color-accent",
    "rule": "--color-rule",
    "paper": "--page-background",
    "font": "--font-heading",
    **{key: f"--{key}" for key in ("chart-1", "chart-2", "chart-1-fill", "chart-2-fill",
                                  "chart-topic-colours")},
}
SAFE_VALUE = re.compile(r"^[#\w\s,.%()\"'-]{1,200}$")


# Scripts whose letters join, stack or reorder (Arabic and its kin, the Indic scripts,
# Thai to Khmer): WeasyPrint draws SVG text glyph by glyph, without shaping them.
_SHAPED = re.compile("[\u0600-\u08ff\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f"
                     "\u1780-\u17ff\ua8e0-\ua8ff\ufb50-\ufdff\ufe70-\ufeff]")


def drawable(*texts: str) -> bool:
    """Whether a chart's texts print right as SVG: none in a script that needs shaping.
    Where one does, the sheet prints the table instead (see parts/timeline.html)."""
    return not any(_SHAPED.search(text) for text in texts)


def theme_variables(*stylesheets: str) -> dict[str, str]:
    """The custom properties that style sheets set on `:root`, as in
    `:root { --color-accent: #0b5c7a; }`, also inside `@media print`; a later sheet, or a
    later line, wins. Read with tinycss2, as CSS reads them."""
    return dict(_variables(stylesheets))


@lru_cache(maxsize=16)
def _variables(stylesheets: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """`theme_variables`, read once per set of sheets: every sheet of a build reads the
    same few, and tokenising the 50 kB of a theme took most of a sheet's rendering."""
    import tinycss2

    def read(rules: list[Any]) -> None:
        for rule in rules:
            prelude = tinycss2.serialize(getattr(rule, "prelude", None) or []).strip()
            if rule.type == "at-rule" and rule.lower_at_keyword == "media" and rule.content:
                if re.search(r"\b(print|all)\b", prelude, re.IGNORECASE):  # the PDF's media
                    read(tinycss2.parse_blocks_contents(rule.content, skip_comments=True,
                                                        skip_whitespace=True))
            elif rule.type == "qualified-rule" and prelude == ":root":
                for declaration in tinycss2.parse_blocks_contents(
                        rule.content, skip_comments=True, skip_whitespace=True):
                    if declaration.type == "declaration" and declaration.name.startswith("--"):
                        found[declaration.name] = tinycss2.serialize(declaration.value).strip()

    found: dict[str, str] = {}
    for css in stylesheets:
        read(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    return tuple(found.items())


def theme_palette(*stylesheets: str) -> dict[str, str]:
    """The charts' colours and font from the variables that style sheets set (see
    `theme_variables`); unset ones, and values that could break out of a style sheet, keep
    the defaults."""
    palette = dict(DEFAULT_PALETTE)
    variables = theme_variables(*stylesheets)
    for key, name in THEME_VARIABLES.items():
        value = variables.get(name, "")
        if SAFE_VALUE.match(value) and "var(" not in value:
            palette[key] = value
    return palette


@dataclass(frozen=True)
class ChartTheme:
    """What a chart takes from an audience's theme: its colours and font, its text sizes, and
    the width and height of the text it prints in (the width of a column)."""

    palette: dict[str, str]
    text_pt: float  # labels: the size of the theme's table text
    small_pt: float  # numbers on an axis: the theme's smallest text to read
    width_mm: float
    height_mm: float


def chart_theme(stylesheets: Sequence[str], font_pt: float, paper_mm: tuple[float, float]
                ) -> ChartTheme:
    """Read from a theme's variables: the smallest text to read (`--small-size` of notes and
    labels, or `--table-size`, of the text size `font_pt`; not the source list nor the
    running header and footer), never under MIN_TEXT_PT; the text's width and height on
    paper of `paper_mm`, from `--page-margin` and `--main-columns`."""
    variables = theme_variables(*stylesheets)

    def size(name: str) -> float:
        return _points(variables.get(name, "1em"), font_pt) or font_pt

    small = max(MIN_TEXT_PT, min(size("--small-size"), size("--table-size")))
    given = [_points(v, font_pt) for v in variables.get("--page-margin", "").split()]
    margins = [v * MM_PER_PT for v in given if v is not None]
    if not 1 <= len(margins) == len(given) <= 4:
        margins = [17.0]
    top, right = margins[0], margins[1 if len(margins) > 1 else 0]  # as CSS reads them
    bottom, left = margins[2 if len(margins) > 2 else 0], margins[3] if len(margins) > 3 else right
    width = paper_mm[0] - left - right
    columns = variables.get("--main-columns", "auto")
    if columns.isdigit() and int(columns) > 1:
        width = (width - (int(columns) - 1) * COLUMN_GAP_MM) / int(columns)
    return ChartTheme(theme_palette(*stylesheets), max(small, size("--table-size")), small,
                      round(width, 2), round(paper_mm[1] - top - bottom, 2))


_UNIT_PT = {"pt": 1.0, "px": 0.75, "mm": 1 / MM_PER_PT, "cm": 10 / MM_PER_PT, "in": 72.0}


def _points(value: str, font_pt: float) -> float | None:
    """A CSS length in points; `em`, `rem` and `%` of `font_pt`; None if not a length, or
    negative."""
    import tinycss2

    tokens = tinycss2.parse_component_value_list(value, skip_comments=True)
    found = [t for t in tokens if t.type != "whitespace"]
    if len(found) != 1 or found[0].type not in ("number", "percentage", "dimension"):
        return None
    length = found[0]
    if length.value < 0 or (length.type == "number" and length.value != 0):
        return None
    if length.type == "percentage":
        return length.value * font_pt / 100
    unit = "pt" if length.type == "number" else length.lower_unit
    if unit in ("em", "rem"):
        return length.value * font_pt
    return length.value * _UNIT_PT[unit] if unit in _UNIT_PT else None


@dataclass(frozen=True)
class LabelBox:
    """Where one event's label is drawn, in mm from the SVG's top left corner.

    The box spans the leader at `dot_x` (its left edge, or its right edge when `leftward`) and
    the text beside it; `lines` are the date line and then the event's text lines, as drawn.
    """

    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]
    dot_x: float
    above: bool
    leftward: bool  # the text is left of the leader (at the box's right edge)
    lane: int
    index: int  # the event's position in the list given

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def overlaps(self, other: LabelBox) -> bool:
        return (self.x < other.right and other.x < self.right
                and self.y < other.bottom and other.y < self.bottom)


@dataclass(frozen=True)
class Tick:
    """A round date on the axis; its label is centred under it unless a leader runs there."""

    x: float
    label: str
    label_x: float  # the middle of the label


@dataclass(frozen=True)
class TimelineLayout:
    """The geometry of a whole timeline, in mm; the axis runs from axis_x0 to axis_x1."""

    width: float
    height: float
    axis_y: float
    axis_x0: float
    axis_x1: float
    boxes: list[LabelBox]
    ticks: list[Tick]
    font_mm: float
    year_font_mm: float


def fractional_year(date: PartialDate) -> float:
    """The date as a year with a fraction; a missing month or day is the start of the period."""
    return date.year + ((date.month or 1) - 1) / 12 + ((date.day or 1) - 1) / 365


# --- text measures -------------------------------------------------------------------------

_NARROW = set("iljtfrI.,;:'!|()[] \u2019\u2018-")
_WIDE = set("mwMW@%\u2014")


def text_width(text: str, font_mm: float, bold: bool = False) -> float:
    """A generous estimate of the width of `text`: about 0.55 em a character on average
    (narrow letters less, capitals and wide letters more), a little more than the Noto faces
    need; bold a little wider again."""
    ems = 0.0
    for char in text:
        if char in _NARROW:
            ems += 0.33
        elif char in _WIDE:
            ems += 0.95
        elif char.isupper() or char.isdigit():
            ems += 0.68
        else:
            ems += 0.55
    return ems * font_mm * (1.17 if bold else 1.08)


def wrap(text: str, max_width: float, font_mm: float) -> list[str]:
    """`text` broken into lines no wider than `max_width`, all of it: a word too long for a
    line is split with a hyphen, nothing is cut off."""
    lines: list[str] = []
    for word in text.split():
        pieces = []
        while len(word) > 1 and text_width(word, font_mm) > max_width:
            n = max([i for i in range(1, len(word))
                     if text_width(word[:i] + "-", font_mm) <= max_width] or [1])
            pieces.append(word[:n] + "-")
            word = word[n:]
        for i, piece in enumerate([*pieces, word]):
            if i == 0 and lines and text_width(f"{lines[-1]} {piece}", font_mm) <= max_width:
                lines[-1] = f"{lines[-1]} {piece}"
            else:
                lines.append(piece)
    return lines


# --- layout --------------------------------------------------------------------------------


@dataclass
class _Metrics:
    font: float  # label text size in mm
    year_font: float  # the years under the axis
    line: float  # line height
    inset: float  # from the leader to the text
    h_gap: float  # between labels side by side
    v_gap: float  # between lanes
    pole_gap: float  # between a leader and another label
    dot: float  # dot radius
    clear: float  # from the axis to the first lane above
    band: float  # from the axis to the first lane below (ticks and years)
    margin: float  # above and below the drawing
    arrow: float

    @classmethod
    def for_font(cls, font_size_pt: float, year_size_pt: float) -> _Metrics:
        f, y = font_size_pt * MM_PER_PT, year_size_pt * MM_PER_PT
        return cls(font=f, year_font=y, line=1.2 * f, inset=0.5 * f, h_gap=0.75 * f,
                   v_gap=0.5 * f, pole_gap=0.3 * f, dot=0.34 * f, clear=0.7 * f,
                   band=0.42 * f + 1.3 * y + 0.35 * f, margin=0.45 * f, arrow=0.6 * f)


@dataclass
class _Label:
    index: int
    t: float
    lines: tuple[str, ...]
    width: float  # from the leader to the end of the longest line
    x: float = 0.0
    above: bool = True
    leftward: bool = False  # the text left of the leader
    lane: int = 0

    def span(self, leftward: bool | None = None) -> tuple[float, float]:
        """The box's left and right edges, its text right of the leader or, if `leftward`,
        left of it."""
        if self.leftward if leftward is None else leftward:
            return self.x - self.width, self.x
        return self.x, self.x + self.width


def _labels(events: Sequence[Event], width_mm: float, m: _Metrics) -> list[_Label]:
    """The events' labels in date order (ties keep the order given), measured but not placed:
    the date in bold over the event's whole text, wrapped."""
    max_text = min(16 * m.font, 0.42 * width_mm)
    labels = []
    for index, event in sorted(enumerate(events), key=lambda p: (p[1].date.sort_key, p[0])):
        date = when(event.date)  # in the language being printed
        text = wrap(plain(event.event), max_text, m.font)
        line_widths = [text_width(date, m.font, bold=True)]
        line_widths += [text_width(line, m.font) for line in text]
        labels.append(_Label(index, fractional_year(event.date), (date, *text),
                             m.inset + max(line_widths)))
    return labels


def _nice_ticks(lo: float, hi: float, max_ticks: int) -> list[tuple[float, str]]:
    """Round dates between `lo` and `hi` (fractional years) with their labels: whole years at
    1, 2, 5, 10, 20, 25, 50, 100... years apart, or months for a span of under three years."""
    def within(step: float) -> list[float]:
        first = math.ceil(lo / step - 1e-9)
        last = math.floor(hi / step + 1e-9)
        return [k * step for k in range(first, last + 1)]

    if hi - lo < 3:
        for months in (1, 2, 3, 6):
            values = within(months / 12)
            if len(values) <= max_ticks:
                break
        ticks = []
        for i, value in enumerate(values):
            year, month = divmod(round(value * 12), 12)
            ticks.append((value, month_tick(year, month + 1, month == 0 or i == 0)))
        return ticks
    step = 1.0
    for scale in (1, 10, 100, 1000, 10000):
        for base in (1, 2, 2.5, 5):
            step = float(base * scale)
            if step >= 1 and step.is_integer() and len(within(step)) <= max_ticks:
                return [(v, str(round(v))) for v in within(step)]
    return [(v, str(round(v))) for v in within(step)]


def plan(events: Sequence[Event], width_mm: float = 170, font_size_pt: float = 8,
         year_size_pt: float | None = None) -> TimelineLayout:
    """Everything `timeline_svg` draws: the axis, its ticks and every label's box.

    The axis runs the whole width, from the first to the last date with a little padding.
    Labels are packed into lanes above and below it (see `_pack`), each lane as tall as its
    tallest label; the SVG grows to hold the lanes used. Years under the axis print at
    `year_size_pt` (by default the labels' size).
    """
    m = _Metrics.for_font(font_size_pt, year_size_pt or font_size_pt)
    labels = _labels(events, width_mm, m)
    if not labels:
        return TimelineLayout(width_mm, 0, 0, 0, 0, [], [], m.font, m.year_font)
    first, last = labels[0].t, labels[-1].t
    span = last - first
    pad = max(span * 0.02, 1 / 24) if span else 0.5
    lo, hi = first - pad, last + pad
    x0 = m.dot + 0.3 * m.font  # the axis starts at the text's left edge
    length = width_mm - m.arrow - x0

    def x_of(t: float) -> float:
        return x0 + (t - lo) / (hi - lo) * length

    for label in labels:
        label.x = x_of(label.t)

    min_spacing = (3.6 if hi - lo < 3 else 2.6) * m.year_font * 2.2
    max_ticks = max(2, min(10, int(length / min_spacing) + 1))
    ticks = [(x_of(v), text) for v, text in _nice_ticks(lo, hi, max_ticks)]
    year_spans = [(x - w / 2 - m.pole_gap, x + w / 2 + m.pole_gap)
                  for x, text in ticks for w in [text_width(text, m.year_font)]]

    _pack(labels, m, width_mm, year_spans)

    # Vertical positions, now that the lanes used on each side, and their heights, are known.
    heights: dict[tuple[bool, int], float] = {}
    for label in labels:
        key = (label.above, label.lane)
        heights[key] = max(heights.get(key, 0.0), len(label.lines) * m.line)

    def stack(above: bool, lane: int) -> float:
        """How far lane `lane` starts from the first lane on its side."""
        return sum(heights.get((above, k), 0.0) + m.v_gap for k in range(lane))

    up = max((lane + 1 for above, lane in heights if above), default=0)
    axis_y = m.margin + (stack(True, up) - m.v_gap + m.clear if up else m.dot + m.font * 0.3)
    below = axis_y + m.band
    down = max((lane + 1 for above, lane in heights if not above), default=0)
    height = below + (stack(False, down) - m.v_gap if down else 0) + m.margin
    boxes = []
    for label in labels:
        h = len(label.lines) * m.line
        if label.above:  # the lane's top, so that its dates stand in one line
            y = axis_y - m.clear - stack(True, label.lane + 1) + m.v_gap
        else:
            y = below + stack(False, label.lane)
        x, _ = label.span()
        boxes.append(LabelBox(x, y, label.width, h, label.lines, label.x, label.above,
                              label.leftward, label.lane, label.index))

    poles = [box.dot_x for box in boxes if not box.above]
    tick_marks = []
    for x, text in ticks:
        half = text_width(text, m.year_font) / 2
        places = [min(max(c, half), width_mm - half) for c in (x, x + half, x - half)]
        clear = [c for c in places
                 if not any(c - half - m.pole_gap <= p <= c + half + m.pole_gap for p in poles)]
        tick_marks.append(Tick(x, text, (clear or places)[0]))
    return TimelineLayout(width_mm, height, axis_y, x0, x0 + length,
                          sorted(boxes, key=lambda b: b.index), tick_marks, m.font, m.year_font)


# A leader through a year under the axis costs as much as this many lanes further out.
YEAR = 0.8


def _pack(labels: list[_Label], m: _Metrics, width_mm: float,
          year_spans: list[tuple[float, float]]) -> None:
    """Give each label a direction, a side and a lane, so that no two labels overlap and no
    leader passes behind another label.

    Text runs right of its leader unless it has no room there. On one side, a label whose box
    lies across another's leader must be further from the axis than that one; two labels that
    lie across each other's leaders (facing, near the end of the axis) must be on opposite
    sides. So first the sides: each facing group puts its labels of one direction on one
    side and the rest on the other, and each label takes the side where it packs closest to
    the axis, ignoring leaders. Then on each side, where no two labels face each other and so
    no chain of them lies across itself, labels are placed after those they lie across, each
    in the lane nearest the axis that keeps both rules.
    """
    def fits(label: _Label, leftward: bool) -> bool:
        start, end = label.span(leftward)
        return start >= -1e-6 and end <= width_mm + 1e-6

    for label in labels:
        label.leftward = not fits(label, False) and fits(label, True)
    n = len(labels)
    spans = [label.span() for label in labels]

    def covers(i: int, x: float) -> bool:
        """Whether label i's box lies across a leader at `x`, or comes too near it on the
        side of its text (a leader beside its own leader, away from the text, is clear)."""
        (start, end), own = spans[i], labels[i].x
        if labels[i].leftward:
            return start - m.pole_gap < x < own - 1e-6
        return own + 1e-6 < x < end + m.pole_gap

    across = [{j for j in range(n) if j != i and covers(i, labels[j].x)} for i in range(n)]
    group = list(range(n))  # facing groups, by union-find

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for i in range(n):
        for j in across[i]:
            if i in across[j]:
                group[root(i)] = root(j)

    def apart(side: list[int], lane: dict[int, int], k: int, i: int) -> bool:
        start, end = spans[i]
        return not any(lane[j] == k and spans[j][0] < end + m.h_gap
                       and start < spans[j][1] + m.h_gap for j in side)

    # The sides: first fit in date order, facing groups kept apart.
    rough: dict[bool, list[int]] = {True: [], False: []}
    lane: dict[int, int] = {}
    oriented: dict[int, bool] = {}  # a group's side for its labels with text right
    for i, label in enumerate(labels):
        through_year = any(a <= label.x <= b for a, b in year_spans)
        options = []
        for above in (True, False):
            forced = oriented.get(root(i))
            if forced is not None and above != (forced != label.leftward):
                continue
            k = next(k for k in range(n + 1) if apart(rough[above], lane, k, i))
            options.append((k + (YEAR if through_year and not above else 0),
                            above != (i % 2 == 0), above))
        *_, above = min(options)
        oriented.setdefault(root(i), above != label.leftward)
        lane[i] = next(k for k in range(n + 1) if apart(rough[above], lane, k, i))
        rough[above].append(i)
        label.above = above

    # The lanes, side by side: after those a label lies across, as near the axis as allowed.
    for members in rough.values():
        placed: list[int] = []
        lane.clear()
        waiting = set(members)
        while waiting:
            i = min(waiting, key=lambda i: (
                sum(j in waiting for j in across[i]), labels[i].leftward,
                labels[i].x * (1 if labels[i].leftward else -1)))
            waiting.remove(i)
            lane[i] = next(k for k in range(len(placed) + 1) if apart(placed, lane, k, i) and all(
                (lane[j] >= k or not covers(j, labels[i].x))
                and (lane[j] <= k or not covers(i, labels[j].x)) for j in placed))
            labels[i].lane = lane[i]
            placed.append(i)


def layout(events: Sequence[Event], width_mm: float = 170, font_size_pt: float = 8
           ) -> list[LabelBox]:
    """The label boxes `timeline_svg` draws, in the order of `events`: no two overlap, no
    leader passes behind a label, and all lie within `width_mm` (unless a single label is
    wider than that)."""
    return plan(events, width_mm, font_size_pt).boxes


# --- drawing -------------------------------------------------------------------------------


def _style(palette: Mapping[str, str], m: float) -> str:
    p = dict(DEFAULT_PALETTE)
    p.update({k: v.strip() for k, v in palette.items()
              if k in DEFAULT_PALETTE and SAFE_VALUE.match(v.strip()) and "var(" not in v})
    s = "svg.tl-timeline "
    return "".join([
        f"{s}text{{font-family:{p['font']};fill:{p['text']}}}",
        f"{s}.tl-axis{{stroke:{p['text']};stroke-width:{num(0.16 * m)};fill:none}}",
        f"{s}.tl-arrow{{fill:{p['text']};stroke:none}}",
        f"{s}.tl-tick{{stroke:{p['text']};stroke-width:{num(0.09 * m)}}}",
        f"{s}.tl-year{{fill:{p['muted']}}}",
        f"{s}.tl-leader{{stroke:{p['rule']};stroke-width:{num(0.09 * m)}}}",
        f"{s}.tl-dot{{fill:{p['accent']};stroke:{p['paper']};stroke-width:{num(0.07 * m)}}}",
        f"{s}.tl-halo{{fill:{p['paper']};stroke:none}}",
        f"{s}.tl-label{{fill:{p['text']}}}",
        f"{s}.tl-date{{fill:{p['accent']};font-weight:700}}",
    ])


def num(value: float) -> str:
    """A coordinate or size as short text: two decimals at most."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def periods(events: Sequence[Event], width_mm: float = 170, font_size_pt: float = 8,
            year_size_pt: float | None = None, max_height_mm: float | None = None
            ) -> list[list[Event]]:
    """The events in date order, in as few runs of consecutive dates as keep each run's
    chart within `max_height_mm` (one run when that is None): a chart cannot break across
    pages. The runs are about equally tall."""
    ordered = sorted(events, key=lambda e: e.date.sort_key)
    if max_height_mm is None or not ordered:
        return [ordered] if ordered else []

    heights: dict[tuple[int, int], float] = {}

    def height(start: int, end: int) -> float:
        if (start, end) not in heights:
            heights[start, end] = plan(ordered[start:end], width_mm, font_size_pt,
                                       year_size_pt).height
        return heights[start, end]

    def runs(budget: float) -> list[tuple[int, int]]:
        """Each run as long as `budget` allows."""
        found, start = [], 0
        while start < len(ordered):
            end = start + 1
            while end < len(ordered) and height(start, end + 1) <= budget:
                end += 1
            found.append((start, end))
            start = end
        return found

    fewest = len(runs(max_height_mm))
    low, high = 0.0, max_height_mm  # the lowest budget that needs no more runs: even runs
    for _halving in range(10):
        middle = (low + high) / 2
        low, high = (low, middle) if len(runs(middle)) <= fewest else (middle, high)
    return [ordered[a:b] for a, b in runs(high)]


def timeline_svg(events: Sequence[Event], width_mm: float = 170, *, font_size_pt: float = 8,
                 year_size_pt: float | None = None, max_height_mm: float | None = None,
                 title: str | None = None, palette: Mapping[str, str] | None = None) -> Markup:
    """The timeline as an `<svg>` element, `width_mm` wide and as tall as its labels need;
    or, if that is taller than `max_height_mm`, one `<svg>` for each period (see `periods`).

    Labels print at `font_size_pt` and the years under the axis at `year_size_pt` (by default
    the same); event texts lose their inline marks; `title` names a single chart for screen
    readers (by default its dates); `palette` sets its colours and font (keys as in
    `DEFAULT_PALETTE`, see `theme_palette`). No events give no markup.
    """
    runs = periods(events, width_mm, font_size_pt, year_size_pt, max_height_mm)
    return Markup("\n").join(
        _svg(plan(run, width_mm, font_size_pt, year_size_pt),
             title if title and len(runs) == 1 else _(
                 "Timeline from %(first)s to %(last)s, %(count)s events",
                 first=when(run[0].date), last=when(run[-1].date), count=len(run)),
             palette or {})
        for run in runs)


def _svg(lay: TimelineLayout, name: str, palette: Mapping[str, str]) -> Markup:
    """One timeline drawn as `lay` says."""
    m, ym = lay.font_mm, lay.year_font_mm
    ay = lay.axis_y
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="tl-timeline" role="img" '
        f'aria-label="{escape(name)}" viewBox="0 0 {num(lay.width)} {num(lay.height)}" '
        f'width="{num(lay.width)}mm" height="{num(lay.height)}mm">',
        f"<title>{escape(name)}</title>",
        f"<style>{_style(palette, m)}</style>",
        '<g class="tl-scale">',
    ]
    tick = 0.42 * m
    years = []
    for t in lay.ticks:
        out.append(f'<line class="tl-tick" x1="{num(t.x)}" y1="{num(ay - tick * 0.5)}" '
                   f'x2="{num(t.x)}" y2="{num(ay + tick)}"/>')
        w = text_width(t.label, ym)
        years.append(f'<rect class="tl-halo" x="{num(t.label_x - w / 2)}" '
                     f'y="{num(ay + tick + 0.15 * m)}" width="{num(w)}" height="{num(1.1 * ym)}"/>'
                     f'<text class="tl-year" x="{num(t.label_x)}" '
                     f'y="{num(ay + tick + 0.15 * m + 0.9 * ym)}" font-size="{num(ym)}" '
                     f'text-anchor="middle">{escape(t.label)}</text>')
    arrow = 0.55 * m
    x1 = lay.axis_x1
    out.append(f'<line class="tl-axis" x1="{num(max(lay.axis_x0 - 0.3 * m, 0))}" y1="{num(ay)}" '
               f'x2="{num(x1)}" y2="{num(ay)}"/>')
    out.append(f'<path class="tl-arrow" d="M{num(x1 + arrow)} {num(ay)} L{num(x1)} '
               f'{num(ay - arrow * 0.42)} L{num(x1)} {num(ay + arrow * 0.42)} Z"/>')
    out.append("</g>")
    leaders, dots, labels = [], [], []
    for box in sorted(lay.boxes, key=lambda b: (b.dot_x, b.index)):
        end = box.y if box.above else box.bottom
        leaders.append(f'<line class="tl-leader" x1="{num(box.dot_x)}" y1="{num(ay)}" '
                       f'x2="{num(box.dot_x)}" y2="{num(end)}"/>')
        dots.append(f'<circle class="tl-dot" cx="{num(box.dot_x)}" cy="{num(ay)}" '
                    f'r="{num(0.34 * m)}"/>')
        # Text left of its leader ends at the leader, where the estimate of its width cannot
        # leave a gap between them.
        x, anchor = ((box.dot_x - 0.5 * m, ' text-anchor="end"') if box.leftward
                     else (box.dot_x + 0.5 * m, ""))
        line_h = box.height / len(box.lines)
        parts = ['<g class="tl-event">']
        for i, line in enumerate(box.lines):
            cls = "tl-date" if i == 0 else "tl-label"
            y = box.y + i * line_h + 0.93 * m
            parts.append(f'<text class="{cls}" x="{num(x)}" y="{num(y)}" font-size="{num(m)}"'
                         f"{anchor}>{escape(line)}</text>")
        labels.append("".join(parts) + "</g>")
    out += ['<g class="tl-leaders">', *leaders, "</g>", '<g class="tl-years">', *years, "</g>",
            '<g class="tl-dots">', *dots, "</g>", '<g class="tl-labels">', *labels, "</g>",
            "</svg>"]
    return Markup("\n".join(out))
