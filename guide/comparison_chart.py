"""Comparison at a glance: where both sides of a compared aspect are numbers (a member
count) or years (a founding year), a small SVG chart: bars for numbers, two dots on a
time line for years."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup, escape

from guide.audience import ComparisonTable
from guide.marks import plain
from guide.timeline_svg import DEFAULT_PALETTE

_NUMBER = re.compile(r"\s*(\d[\d,]*(?:\.\d+)?)\s*(?:\(.*\))?\s*$")  # and a note at most
YEARS = (1000, 2100)
PANEL_MM = (56.0, 17.0)  # each panel's width and height
FONT_MM = 2.6


@dataclass(frozen=True)
class Measure:
    """One aspect both sides give as a number; `years` when both look like years."""

    aspect: str
    this: float
    other: float
    years: bool


def measures(table: ComparisonTable) -> list[Measure]:
    """The table's rows whose two values are a number, with a note in brackets at most."""
    found = []
    for aspect, this, other in table.rows:
        a, b = _NUMBER.match(plain(this)), _NUMBER.match(plain(other))
        if a and b:
            x, y = (float(m[1].replace(",", "")) for m in (a, b))
            years = all(v.is_integer() and YEARS[0] <= v <= YEARS[1] for v in (x, y))
            found.append(Measure(plain(aspect), x, y, years))
    return found


def comparison_chart(table: ComparisonTable, palette: Mapping[str, str] | None = None
                     ) -> Markup:
    """One small panel per numeric aspect, side by side; no numeric aspect, no markup."""
    found = measures(table)
    if not found:
        return Markup("")
    colours = {**DEFAULT_PALETTE, **(palette or {})}
    names = (plain(table.this_name), plain(table.other_name))
    width, height = PANEL_MM
    panels = [
        Markup('<svg xmlns="http://www.w3.org/2000/svg" class="glance" role="img" '
               'aria-label="{label}" viewBox="0 0 {w} {h}" width="{w}mm" height="{h}mm">'
               "<title>{label}</title>"
               "<style>text{{font-family:{font};font-size:{size}px;fill:{text}}}"
               ".name{{fill:{muted}}}.this{{fill:{accent}}}.other{{fill:{muted}}}"
               ".line{{stroke:{rule};stroke-width:0.3}}.head{{font-weight:700}}</style>"
               '<text class="head" x="0" y="{size}">{aspect}</text>{body}</svg>').format(
            label=f"{m.aspect}: {names[0]} {_show(m.this, m.years)}, "
                  f"{names[1]} {_show(m.other, m.years)}",
            w=width, h=height, size=FONT_MM, aspect=m.aspect, font=Markup(colours["font"]),
            text=colours["text"], muted=colours["muted"], accent=colours["accent"],
            rule=colours["rule"], body=_years(m, names) if m.years else _bars(m, names))
        for m in found
    ]
    return Markup("").join(panels)


def _show(value: float, year: bool = False) -> str:
    if year:
        return f"{value:.0f}"
    return f"{value:,.0f}" if value.is_integer() else f"{value:,g}"


def _bars(m: Measure, names: tuple[str, str]) -> Markup:
    """Two bars from zero, the larger value as wide as the panel allows."""
    width, _ = PANEL_MM
    left, right = 16.0, 10.0  # room for the names, and for the values after the bars
    scale = (width - left - right) / max(m.this, m.other, 1)
    rows = []
    for row, (name, value, kind) in enumerate(((names[0], m.this, "this"),
                                               (names[1], m.other, "other"))):
        y = 6.0 + row * 5.2
        length = max(value * scale, 0.4)
        rows.append(Markup(
            '<text class="name" x="0" y="{ty}">{name}</text>'
            '<rect class="{kind}" x="{left}" y="{y}" width="{length:.2f}" height="3.6"/>'
            '<text x="{vx:.2f}" y="{ty}">{value}</text>').format(
            ty=f"{y + 2.9:.2f}", name=_short(name), kind=kind, left=left, y=f"{y:.2f}",
            length=length, vx=left + length + 1.2, value=_show(value)))
    return Markup("").join(rows)


def _years(m: Measure, names: tuple[str, str]) -> Markup:
    """Two dots on a time line, each labelled with its side and year."""
    width, _ = PANEL_MM
    first, last = min(m.this, m.other), max(m.this, m.other)
    pad = max((last - first) * 0.15, 2)
    lo, hi = first - pad, last + pad
    left, right = 4.0, width - 4.0

    def x(year: float) -> float:
        return left + (year - lo) / (hi - lo) * (right - left)

    axis = Markup('<line class="line" x1="{l}" y1="10.5" x2="{r}" y2="10.5"/>').format(
        l=left, r=right)
    marks = []
    for name, year, kind, label_y in ((names[0], m.this, "this", 8.2),
                                      (names[1], m.other, "other", 15.6)):
        anchor = "start" if x(year) < width / 2 else "end"
        marks.append(Markup(
            '<circle class="{kind}" cx="{cx:.2f}" cy="10.5" r="1.2"/>'
            '<text x="{cx:.2f}" y="{ly}" text-anchor="{anchor}">{name} {year}</text>').format(
            kind=kind, cx=x(year), ly=label_y, anchor=anchor, name=_short(name),
            year=_show(year, True)))
    return axis + Markup("").join(marks)


def _short(name: str) -> Markup:
    return escape(name if len(name) <= 9 else name[:8] + "…")
