"""Comparison at a glance: where both sides of a compared aspect are numbers (a member
count) or years (a founding year), a small chart with its scale: bars from zero on a value
axis for numbers, two dots on a time axis for years. The panels share one SVG as wide as the
text, two side by side where there is room.

Each topic keeps one colour on every sheet: of the pair, the topic whose id sorts first takes
the theme's `chart-1`, the other `chart-2` (a topic's `colour` key pins its own), and each
series is filled as the theme says, `solid`, in `outline` or with `hatch`ing (the ink-saver
theme: no solid black). Every text element carries its `font-size` in mm, the SVG's unit.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from guide.content.marks import plain
from guide.content.view import ComparisonTable
from guide.render.timeline_svg import (
    DEFAULT_PALETTE,
    MIN_TEXT_PT,
    SAFE_VALUE,
    ChartTheme,
    num,
    text_width,
    wrap,
)
from guide.source.paper import MM_PER_PT

_NUMBER = re.compile(r"\s*(\d[\d,]*(?:\.\d+)?)\s*(?:\(.*\))?\s*$")  # and a note at most
YEARS = (1000, 2100)
PANEL_GAP_MM = 8.0  # between panels side by side
TWO_PANELS_MM = 120.0  # the least width that takes two panels side by side
FILLS = ("solid", "outline", "hatch")


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


def series(table: ComparisonTable, ids: tuple[str | None, str | None] = (None, None)
           ) -> tuple[int, int]:
    """Which of the theme's two chart colours this side and the other side take: by the
    pair's ids in sorted order, the same on both topics' sheets (by their names when an id
    is not known)."""
    this, other = ids
    if not this or not other or this == other:
        this, other = plain(table.this_name).casefold(), plain(table.other_name).casefold()
    return (1, 2) if this <= other else (2, 1)


def comparison_chart(table: ComparisonTable, theme: ChartTheme | None = None,
                     ids: tuple[str | None, str | None] = (None, None)) -> Markup:
    """One SVG holding a panel for each numeric aspect; no numeric aspect, no markup.

    `theme` gives colours, text sizes and width (by default 8 pt text on 170 mm); `ids` are
    this topic's and the other's, which choose their colours (see `series`).
    """
    found = measures(table)
    if not found:
        return Markup("")
    theme = theme or ChartTheme(dict(DEFAULT_PALETTE), MIN_TEXT_PT, MIN_TEXT_PT, 170.0, 250.0)
    palette = {k: v for k, v in {**DEFAULT_PALETTE, **theme.palette}.items()
               if SAFE_VALUE.match(v) and "var(" not in v}
    f, s = theme.text_pt * MM_PER_PT, theme.small_pt * MM_PER_PT
    width = theme.width_mm
    columns = 2 if len(found) > 1 and width >= TWO_PANELS_MM else 1
    panel_w = (width - PANEL_GAP_MM * (columns - 1)) / columns
    names = (plain(table.this_name), plain(table.other_name))
    name_w = min(max(text_width(n, f) for n in names), 0.35 * panel_w)
    name_lines = [wrap(n, name_w, f) or [""] for n in names]
    uid = hashlib.sha1("\x00".join([*names, *(m.aspect for m in found)]).encode()).hexdigest()[:8]
    order = series(table, ids)
    colours = _colours(table, palette, order)

    panels, heights = [], []
    for measure in found:
        body, height = _panel(measure, panel_w, name_w + 0.8 * f, name_lines, order, f, s)
        panels.append(body)
        heights.append(height)
    rows = [heights[i:i + columns] for i in range(0, len(heights), columns)]
    row_y = [sum(max(r) + 1.2 * f for r in rows[:k]) for k in range(len(rows))]
    total = row_y[-1] + max(rows[-1])
    placed = [Markup('<g transform="translate({x} {y})">{body}</g>').format(
        x=num((i % columns) * (panel_w + PANEL_GAP_MM)), y=num(row_y[i // columns]), body=body)
        for i, body in enumerate(panels)]
    label = "; ".join(f"{m.aspect}: {names[0]} {_show(m.this, m.years)}, "
                      f"{names[1]} {_show(m.other, m.years)}" for m in found)
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="glance" role="img" '
        'aria-label="{label}" viewBox="0 0 {w} {h}" width="{w}mm" height="{h}mm">'
        "<title>{label}</title><style>{style}</style><defs>{defs}</defs>{body}</svg>").format(
        label=label, w=num(width), h=num(total), style=Markup(_style(palette, colours, uid)),
        defs=Markup(_hatches(palette, colours, uid)), body=Markup("").join(placed))


def _colours(table: ComparisonTable, palette: Mapping[str, str], order: tuple[int, int]
             ) -> dict[int, tuple[str, str]]:
    """Each series' colour and fill; a colour a topic pins replaces its series' colour,
    unless the theme says `chart-topic-colours: none` or both pin the same."""
    colours = {k: (palette[f"chart-{k}"], palette[f"chart-{k}-fill"]) for k in (1, 2)}
    colours = {k: (c, fill if fill in FILLS else "solid") for k, (c, fill) in colours.items()}
    if palette["chart-topic-colours"].strip() != "none":
        pins = dict(zip(order, (table.this_colour, table.other_colour), strict=True))
        if pins[1] != pins[2] or not pins[1]:
            colours = {k: (pins[k] or c, fill) for k, (c, fill) in colours.items()}
    return colours


def _style(palette: Mapping[str, str], colours: Mapping[int, tuple[str, str]], uid: str
           ) -> str:
    rules = [
        f"svg.glance text{{font-family:{palette['font']};fill:{palette['text']}}}",
        "svg.glance .head{font-weight:700}",
        f"svg.glance .tick{{fill:{palette['muted']}}}",
        f"svg.glance .grid{{stroke:{palette['rule']};stroke-width:0.15}}",
        f"svg.glance .axis{{stroke:{palette['muted']};stroke-width:0.25}}",
        f"svg.glance .halo{{fill:{palette['paper']}}}",
    ]
    for k, (colour, fill) in colours.items():
        paint = {"solid": colour, "outline": palette["paper"], "hatch": f"url(#h{k}-{uid})"}
        stroke = "none" if fill == "solid" else colour
        rules.append(f"svg.glance .s{k}{{fill:{paint[fill]};stroke:{stroke};stroke-width:0.3}}")
        rules.append(f"svg.glance .h{k} line{{stroke:{colour};stroke-width:0.3}}")
    return "".join(rules)


def _hatches(palette: Mapping[str, str], colours: Mapping[int, tuple[str, str]], uid: str
             ) -> str:
    """Patterns of diagonal lines for series filled with `hatch`."""
    return "".join(
        f'<pattern id="h{k}-{uid}" class="h{k}" patternUnits="userSpaceOnUse" width="1.1" '
        f'height="1.1" patternTransform="rotate(45)"><line x1="0.55" y1="0" x2="0.55" '
        f'y2="1.1"/></pattern>'
        for k, (_, fill) in colours.items() if fill == "hatch")


def _panel(m: Measure, width: float, plot_x: float, name_lines: Sequence[list[str]],
           order: tuple[int, int], f: float, s: float) -> tuple[Markup, float]:
    """One aspect: its name over a row for each side (name, then bar or dot) and the axis
    under them, with round values marked. Returns the markup and its height."""
    line = 1.2 * f
    out = [Markup('<text class="head" x="0" y="{y}" font-size="{f}">{t}</text>').format(
        y=num(i * line + 0.9 * f), f=num(f), t=t) for i, t in enumerate(wrap(m.aspect, width, f))]
    top = len(out) * line + 0.2 * f
    values = (m.this, m.other)
    labels = [_show(v, m.years) for v in values]
    if m.years:
        step = _step((max(values) - min(values)) / 4 or 1, (1, 2, 5))
        lo = math.floor(min(values) / step) * step
        hi = max(math.ceil(max(values) / step) * step, lo + step)
        lo = min(lo, hi - 2 * step) if hi - lo < 2 * step else lo
    else:
        step = _step(max(values) / 4 or 1, (1, 2, 2.5, 5))
        lo, hi = 0.0, max(math.ceil(max(values) / step) * step, step)
    ticks = [lo + i * step for i in range(round((hi - lo) / step) + 1)]
    tick_half = max(text_width(_show(t, m.years), s) for t in ticks) / 2
    value_room = 0 if m.years else max(text_width(t, f) for t in labels) + 0.5 * f
    x0, x1 = plot_x, width - max(value_room, tick_half)

    def x_of(v: float) -> float:
        return x0 + (v - lo) / (hi - lo) * (x1 - x0)

    rows, y = [], top
    for side, (names, value, text) in enumerate(zip(name_lines, values, labels, strict=True)):
        h = max(len(names) * line, 1.3 * f)
        mid = y + h / 2
        for i, name in enumerate(names):
            rows.append(Markup('<text x="0" y="{y}" font-size="{f}">{t}</text>').format(
                y=num(mid - len(names) * line / 2 + i * line + 0.9 * f), f=num(f), t=name))
        k = order[side]
        if m.years:
            r = 0.42 * f
            x = x_of(value)
            rows.append(Markup(
                '<line class="grid" x1="{a}" y1="{y}" x2="{b}" y2="{y}"/>'
                '<circle class="s{k}" cx="{x}" cy="{y}" r="{r}"/>').format(
                a=num(x0), b=num(x1), y=num(mid), k=k, x=num(x), r=num(r)))
            w = text_width(text, f)
            tx = x + r + 0.4 * f if x + r + 0.4 * f + w <= width else x - r - 0.4 * f - w
            rows.append(Markup(
                '<rect class="halo" x="{hx}" y="{hy}" width="{hw}" height="{hh}"/>'
                '<text x="{tx}" y="{ty}" font-size="{f}">{t}</text>').format(
                hx=num(tx - 0.15 * f), hy=num(mid - 0.6 * f), hw=num(w + 0.3 * f), hh=num(1.2 * f),
                tx=num(tx), ty=num(mid + 0.35 * f), f=num(f), t=text))
        else:
            bar = 0.95 * f
            end = max(x_of(value), x0 + 0.4)
            rows.append(Markup(
                '<rect class="s{k}" x="{x}" y="{y}" width="{w}" height="{h}"/>'
                '<text x="{tx}" y="{ty}" font-size="{f}">{t}</text>').format(
                k=k, x=num(x0), y=num(mid - bar / 2), w=num(end - x0), h=num(bar),
                tx=num(end + 0.5 * f), ty=num(mid + 0.35 * f), f=num(f), t=text))
        y += h + 0.2 * f
    base = y
    grid = [Markup('<line class="grid" x1="{x}" y1="{a}" x2="{x}" y2="{b}"/>').format(
        x=num(x_of(t)), a=num(top - 0.2 * f), b=num(base)) for t in ticks]
    axis = [Markup('<line class="axis" x1="{a}" y1="{y}" x2="{b}" y2="{y}"/>').format(
        a=num(x0), b=num(x1), y=num(base))]
    if not m.years:  # bars grow from a zero line
        axis.append(Markup('<line class="axis" x1="{x}" y1="{a}" x2="{x}" y2="{b}"/>').format(
            x=num(x0), a=num(top - 0.2 * f), b=num(base)))
    for t in ticks:
        axis.append(Markup(
            '<line class="axis" x1="{x}" y1="{a}" x2="{x}" y2="{b}"/>'
            '<text class="tick" x="{x}" y="{ty}" font-size="{s}" text-anchor="middle">{t}</text>'
        ).format(x=num(x_of(t)), a=num(base), b=num(base + 0.3 * s), ty=num(base + 1.15 * s),
                 s=num(s), t=_show(t, m.years)))
    height = base + 1.35 * s
    return Markup("").join([*out, *grid, *rows, *axis]), height


def _step(raw: float, bases: tuple[float, ...]) -> float:
    """The round step at or above `raw`: one of `bases` times a power of ten, at least 1."""
    power = 10.0 ** math.floor(math.log10(raw))
    return max(1.0, next((b * power for b in (*bases, 10) if b * power >= raw - 1e-9), raw))


def _show(value: float, year: bool = False) -> str:
    if year:
        return f"{value:.0f}"
    return f"{value:,.0f}" if value.is_integer() else f"{value:,g}"
