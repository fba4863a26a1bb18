"""A topic's timeline drawn as an inline SVG on a proportional time axis, for sharp print.

Each event is a dot on the axis and a "flag" label: a vertical leader (the flag pole) rises or
falls from the dot and runs along the left edge of the label, the date in bold over the event
text. Labels are packed into lanes above and below the axis so that none overlaps another,
however close the dates (see `plan` and `_pack`); the SVG is as tall as the lanes need. Where
the dates are too dense for every leader to find a clear way, a leader passes behind a label
and is left out there, so that no line is ever drawn across text.

All geometry is in millimetres (the SVG's user unit, through its `viewBox`). Colours are set by
CSS classes (`tl-axis`, `tl-arrow`, `tl-tick`, `tl-year`, `tl-dot`, `tl-leader`, `tl-label`,
`tl-date`, and `tl-halo` for the paper behind text) in a `<style>` inside the SVG, with no
colour on any element: WeasyPrint draws an inline SVG with the SVG's own style sheet
only (the document's CSS and `var()` do not reach inside), so a theme's colours and font are
passed in as a palette, which `theme_palette` reads from the theme's style sheets.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from guide.i18n import _, when
from guide.marks import plain
from guide.model import Event, PartialDate

MM_PER_PT = 25.4 / 72
ELLIPSIS = "\u2026"
MAX_TEXT_LINES = 2  # under the date line: at most three lines a label

# The SVG's look when no palette is given: the base theme's colours, a sans face for small text.
DEFAULT_PALETTE: dict[str, str] = {
    "text": "#1d232b",
    "muted": "#4f5966",
    "accent": "#0b5c7a",
    "rule": "#8d98a3",
    "paper": "#ffffff",
    "font": '"Noto Sans", "DejaVu Sans", sans-serif',
}
# Theme variables that fill a palette (the last style sheet that sets one wins).
THEME_VARIABLES = {
    "text": "--color-text",
    "muted": "--color-muted",
    "accent": "--color-accent",
    "rule": "--color-rule",
    "paper": "--page-background",
    "font": "--font-heading",
}
_SAFE_VALUE = re.compile(r"^[#\w\s,.%()\"'-]{1,200}$")


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


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a word boundary, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 1)]
    if " " in cut[len(cut) // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-\u2013") + ELLIPSIS


def wrap(text: str, max_width: float, font_mm: float, max_lines: int) -> list[str]:
    """`text` broken into lines no wider than `max_width`, at most `max_lines` of them; what
    does not fit is cut off with an ellipsis."""
    lines: list[str] = []
    for word in text.split():
        pieces = []
        while len(word) > 1 and text_width(word, font_mm) > max_width:  # split a long word
            n = max([i for i in range(1, len(word))
                     if text_width(word[:i] + "-", font_mm) <= max_width] or [1])
            pieces.append(word[:n] + "-")
            word = word[n:]
        for i, piece in enumerate([*pieces, word]):
            if i == 0 and lines and text_width(f"{lines[-1]} {piece}", font_mm) <= max_width:
                lines[-1] = f"{lines[-1]} {piece}"
            else:
                lines.append(piece)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and text_width(last + ELLIPSIS, font_mm) > max_width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last.rstrip(" ,;:-") + ELLIPSIS]
    return lines


# --- layout --------------------------------------------------------------------------------


@dataclass
class _Metrics:
    font: float  # font size in mm
    line: float  # line height
    inset: float  # from the leader to the text
    h_gap: float  # between labels side by side
    v_gap: float  # between lanes
    pole_gap: float  # between a leader and another label's text
    dot: float  # dot radius
    clear: float  # from the axis to the first lane above
    band: float  # from the axis to the first lane below (ticks and years)
    year_font: float
    margin: float
    arrow: float

    @classmethod
    def for_font(cls, font_size_pt: float) -> _Metrics:
        f = font_size_pt * MM_PER_PT
        return cls(font=f, line=1.2 * f, inset=0.5 * f, h_gap=0.75 * f, v_gap=0.5 * f,
                   pole_gap=0.35 * f, dot=0.34 * f, clear=0.7 * f, band=2.1 * f,
                   year_font=0.86 * f, margin=0.45 * f, arrow=0.6 * f)


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


def _labels(events: Sequence[Event], width_mm: float, m: _Metrics, label_chars: int
            ) -> list[_Label]:
    """The events' labels in date order (ties keep the order given), measured but not placed."""
    max_text = min(16 * m.font, 0.45 * width_mm)
    labels = []
    for index, event in sorted(enumerate(events), key=lambda p: (p[1].date.sort_key, p[0])):
        date = when(event.date)  # in the language being printed
        text = wrap(shorten(plain(event.event), label_chars), max_text, m.font, MAX_TEXT_LINES)
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
            name = _MONTHS[month]
            ticks.append((value, f"{name} {year}" if month == 0 or i == 0 else name))
        return ticks
    step = 1.0
    for scale in (1, 10, 100, 1000, 10000):
        for base in (1, 2, 2.5, 5):
            step = float(base * scale)
            if step >= 1 and step.is_integer() and len(within(step)) <= max_ticks:
                return [(v, str(round(v))) for v in within(step)]
    return [(v, str(round(v))) for v in within(step)]


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def plan(events: Sequence[Event], width_mm: float = 170, font_size_pt: float = 8,
         label_chars: int = 60) -> TimelineLayout:
    """Everything `timeline_svg` draws: the axis, its ticks and every label's box.

    The axis runs from the first to the last date with a little padding, and ends early enough
    for every label to fit right of its dot (labels that run left of their leader would crowd
    the last stretch twice over). Labels are packed into lanes above and below it (see
    `_pack`); the SVG grows to hold the lanes used.
    """
    m = _Metrics.for_font(font_size_pt)
    labels = _labels(events, width_mm, m, label_chars)
    if not labels:
        return TimelineLayout(width_mm, 0, 0, 0, 0, [], [], m.font)
    first, last = labels[0].t, labels[-1].t
    span = last - first
    pad = max(span * 0.025, 1 / 24) if span else 0.5
    lo, hi = first - pad, last + pad
    x0 = m.margin + m.dot
    right = width_mm - m.margin
    length = right - m.arrow - x0
    for label in labels:  # room for every label right of its dot
        frac = (label.t - lo) / (hi - lo)
        length = min(length, (right - x0 - label.width) / frac)
    length = max(length, 0.2 * width_mm)

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

    # Vertical positions, now that the lanes used on each side are known.
    tallest = max(len(label.lines) for label in labels) * m.line
    lane_h = tallest + m.v_gap
    up = max((label.lane + 1 for label in labels if label.above), default=0)
    down = max((label.lane + 1 for label in labels if not label.above), default=0)
    axis_y = m.margin + (up * lane_h - m.v_gap + m.clear if up else m.dot + m.font * 0.3)
    below = axis_y + m.band
    height = below + (down * lane_h - m.v_gap if down else 0) + m.margin
    boxes = []
    for label in labels:
        h = len(label.lines) * m.line
        if label.above:
            y = axis_y - m.clear - (label.lane + 1) * lane_h + m.v_gap
        else:
            y = below + label.lane * lane_h
        x = label.x - label.width if label.leftward else label.x
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
                          sorted(boxes, key=lambda b: b.index), tick_marks, m.font)


# What a label's place costs: a lane further from the axis costs 1, a leader passing behind
# another label's text costs CROSSING, a leader through a year under the axis costs YEAR.
CROSSING = 2.5
YEAR = 0.8


@dataclass
class _Placed:
    x: float  # the leader
    start: float  # the box
    end: float
    lane: int


def _pack(labels: list[_Label], m: _Metrics, width_mm: float,
          year_spans: list[tuple[float, float]]) -> None:
    """Give each label a side, a lane and a direction: greedy interval packing.

    Boxes in one lane on one side keep `h_gap` apart, so no two labels ever overlap. First the
    lanes the labels need at the least: each label in turn, in date order, in the first lane
    where its box fits, above or below (alternately on a tie). Then, within as many lanes on
    each side, each label from the latest to the earliest takes the cheapest free place (see
    CROSSING). Placed in that order, with text right of its leader, an earlier label's leader
    passes left of the later labels, so leaders pass behind other labels only where the dates
    are too dense for the lanes; a label that would cross the lane budget goes further out.
    """
    right_edge = width_mm - m.margin

    def box(label: _Label) -> tuple[bool, float, float]:
        """(leftward, start, end): text right of the leader unless it has no room there."""
        if label.x + label.width <= right_edge + 1e-6 or label.x - label.width < m.margin:
            return False, label.x, label.x + label.width
        return True, label.x - label.width, label.x

    def free(side: list[_Placed], lane: int, start: float, end: float) -> bool:
        return not any(p.lane == lane and p.start < end + m.h_gap and start < p.end + m.h_gap
                       for p in side)

    def covers(p: _Placed, x: float) -> bool:
        """Whether the text of `p` lies across a leader at `x`."""
        return p.start - m.pole_gap < x < p.end + m.pole_gap and abs(x - p.x) > m.inset / 2

    # The least lanes, by first fit.
    least: dict[bool, list[_Placed]] = {True: [], False: []}
    for order, label in enumerate(labels):
        _, start, end = box(label)
        fits = []
        for above in (True, False):
            lane = next(n for n in range(len(labels) + 1) if free(least[above], n, start, end))
            fits.append((lane, above != (order % 2 == 0), above))
        lane, _, above = min(fits)
        least[above].append(_Placed(label.x, start, end, lane))
    budget = max(p.lane + 1 for side in least.values() for p in side)

    placed: dict[bool, list[_Placed]] = {True: [], False: []}
    for order, label in reversed(list(enumerate(labels))):
        options = []
        through_year = any(a <= label.x <= b for a, b in year_spans)
        label.leftward, start, end = box(label)
        new = _Placed(label.x, start, end, 0)
        for above in (True, False):
            side = placed[above]
            used = max((p.lane + 1 for p in side), default=0)
            for lane in range(max(used + 1, budget)):
                if not free(side, lane, start, end):
                    continue
                new.lane = lane
                crossings = sum(1 for p in side if (p.lane < lane and covers(p, label.x))
                                or (p.lane > lane and covers(new, p.x)))
                cost = (lane + CROSSING * crossings + (lane >= budget) * 100
                        + (YEAR if through_year and not above else 0))
                options.append((cost, above != (order % 2 == 0), lane, above))
        _, _, label.lane, label.above = min(options)
        placed[label.above].append(_Placed(label.x, start, end, label.lane))


def layout(events: Sequence[Event], width_mm: float = 170, font_size_pt: float = 8,
           label_chars: int = 60) -> list[LabelBox]:
    """The label boxes `timeline_svg` draws, in the order of `events`: no two overlap, and all
    lie within `width_mm` (unless a single label is wider than that)."""
    return plan(events, width_mm, font_size_pt, label_chars).boxes


# --- drawing -------------------------------------------------------------------------------


def theme_palette(*stylesheets: str) -> dict[str, str]:
    """The timeline's colours and font from the CSS variables that style sheets set (later
    sheets win), as in `:root { --color-accent: #0b5c7a; }`; unset ones keep the defaults."""
    palette = dict(DEFAULT_PALETTE)
    for css in stylesheets:
        for key, name in THEME_VARIABLES.items():
            for value in re.findall(rf"{re.escape(name)}\s*:\s*([^;}}]+)", css):
                if _SAFE_VALUE.match(value.strip()) and "var(" not in value:
                    palette[key] = value.strip()
    return palette


def _style(palette: Mapping[str, str], m: float) -> str:
    p = dict(DEFAULT_PALETTE)
    p.update({k: v.strip() for k, v in palette.items()
              if k in DEFAULT_PALETTE and _SAFE_VALUE.match(v.strip()) and "var(" not in v})
    s = "svg.tl-timeline "
    return "".join([
        f"{s}text{{font-family:{p['font']};fill:{p['text']}}}",
        f"{s}.tl-axis{{stroke:{p['text']};stroke-width:{_n(0.16 * m)};fill:none}}",
        f"{s}.tl-arrow{{fill:{p['text']};stroke:none}}",
        f"{s}.tl-tick{{stroke:{p['text']};stroke-width:{_n(0.09 * m)}}}",
        f"{s}.tl-year{{fill:{p['muted']};font-size:{_n(0.86 * m)}px}}",
        f"{s}.tl-leader{{stroke:{p['rule']};stroke-width:{_n(0.09 * m)}}}",
        f"{s}.tl-dot{{fill:{p['accent']};stroke:{p['paper']};stroke-width:{_n(0.07 * m)}}}",
        f"{s}.tl-halo{{fill:{p['paper']};stroke:none}}",
        f"{s}.tl-label{{fill:{p['text']};font-size:{_n(m)}px}}",
        f"{s}.tl-date{{fill:{p['accent']};font-size:{_n(m)}px;font-weight:700}}",
    ])


def _n(value: float) -> str:
    """A coordinate as short text: two decimals at most."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _leader(box: LabelBox, boxes: Sequence[LabelBox], axis_y: float, gap: float
            ) -> list[tuple[float, float]]:
    """The visible pieces (y from, y to) of the leader from the axis to `box`: it is left out
    where it passes behind other labels, and across the gaps between labels stacked there."""
    end = box.y if box.above else box.bottom
    lo, hi = min(axis_y, end), max(axis_y, end)
    hidden = sorted((b.y, b.bottom) for b in boxes
                    if b is not box and b.x < box.dot_x < b.right and lo < b.y < hi
                    and abs(b.dot_x - box.dot_x) > 1e-6)
    merged: list[list[float]] = []
    for y1, y2 in hidden:
        if merged and y1 - merged[-1][1] <= gap:
            merged[-1][1] = max(merged[-1][1], y2)
        else:
            merged.append([y1, y2])
    pieces, y = [], lo
    for y1, y2 in merged:
        if y1 > y:
            pieces.append((y, y1))
        y = max(y, y2)
    if hi > y:
        pieces.append((y, hi))
    return pieces


def timeline_svg(events: Sequence[Event], width_mm: float = 170, *, font_size_pt: float = 8,
                 label_chars: int = 60, title: str | None = None,
                 palette: Mapping[str, str] | None = None) -> Markup:
    """The timeline as an `<svg>` element, `width_mm` wide and as tall as its labels need.

    Event texts lose their inline marks and are cut at `label_chars` characters; `title`
    names the figure for screen readers (by default its dates); `palette` sets its colours and
    font (keys as in `DEFAULT_PALETTE`, see `theme_palette`). No events give no markup.
    """
    lay = plan(events, width_mm, font_size_pt, label_chars)
    if not lay.boxes:
        return Markup("")
    m = lay.font_mm
    dates = sorted((e.date for e in events), key=lambda d: d.sort_key)
    name = title or _("Timeline from %(first)s to %(last)s, %(count)s events",
                      first=when(dates[0]), last=when(dates[-1]), count=len(events))
    ay = lay.axis_y
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="tl-timeline" role="img" '
        f'aria-label="{escape(name)}" viewBox="0 0 {_n(lay.width)} {_n(lay.height)}" '
        f'width="{_n(lay.width)}mm" height="{_n(lay.height)}mm">',
        f"<title>{escape(name)}</title>",
        f"<style>{_style(palette or {}, m)}</style>",
        '<g class="tl-scale">',
    ]
    tick = 0.42 * m
    years = []
    for t in lay.ticks:
        out.append(f'<line class="tl-tick" x1="{_n(t.x)}" y1="{_n(ay - tick * 0.5)}" '
                   f'x2="{_n(t.x)}" y2="{_n(ay + tick)}"/>')
        w = text_width(t.label, 0.86 * m)
        years.append(f'<rect class="tl-halo" x="{_n(t.label_x - w / 2)}" '
                     f'y="{_n(ay + tick + 0.15 * m)}" width="{_n(w)}" height="{_n(0.95 * m)}"/>'
                     f'<text class="tl-year" x="{_n(t.label_x)}" y="{_n(ay + tick + 0.9 * m)}" '
                     f'text-anchor="middle">{escape(t.label)}</text>')
    arrow = 0.55 * m
    x1 = lay.axis_x1
    out.append(f'<line class="tl-axis" x1="{_n(lay.axis_x0 - 0.3 * m)}" y1="{_n(ay)}" '
               f'x2="{_n(x1)}" y2="{_n(ay)}"/>')
    out.append(f'<path class="tl-arrow" d="M{_n(x1 + arrow)} {_n(ay)} L{_n(x1)} '
               f'{_n(ay - arrow * 0.42)} L{_n(x1)} {_n(ay + arrow * 0.42)} Z"/>')
    out.append("</g>")
    leaders, dots, labels = [], [], []
    for box in sorted(lay.boxes, key=lambda b: (b.dot_x, b.index)):
        for y1, y2 in _leader(box, lay.boxes, ay, 0.8 * m):
            leaders.append(f'<line class="tl-leader" x1="{_n(box.dot_x)}" y1="{_n(y1)}" '
                           f'x2="{_n(box.dot_x)}" y2="{_n(y2)}"/>')
        dots.append(f'<circle class="tl-dot" cx="{_n(box.dot_x)}" cy="{_n(ay)}" '
                    f'r="{_n(0.34 * m)}"/>')
        inset = 0.5 * m
        if box.leftward:
            x, anchor = box.dot_x - inset, ' text-anchor="end"'
            halo = (box.x, box.dot_x - inset / 2)
        else:
            x, anchor = box.dot_x + inset, ""
            halo = (box.dot_x + inset / 2, box.right)
        line_h = box.height / len(box.lines)
        parts = ['<g class="tl-event">',
                 f'<rect class="tl-halo" x="{_n(halo[0])}" y="{_n(box.y)}" '
                 f'width="{_n(halo[1] - halo[0])}" height="{_n(box.height)}"/>']
        for i, line in enumerate(box.lines):
            cls = "tl-date" if i == 0 else "tl-label"
            y = box.y + i * line_h + 0.93 * m
            parts.append(f'<text class="{cls}" x="{_n(x)}" y="{_n(y)}"{anchor}>'
                         f"{escape(line)}</text>")
        labels.append("".join(parts) + "</g>")
    out += ['<g class="tl-leaders">', *leaders, "</g>", '<g class="tl-years">', *years, "</g>",
            '<g class="tl-dots">', *dots, "</g>", '<g class="tl-labels">', *labels, "</g>",
            "</svg>"]
    return Markup("\n".join(out))
