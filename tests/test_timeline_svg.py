"""The timeline drawn as SVG: labels never overlap and no leader passes behind one, dots sit
in proportion across the whole width, text is whole and escaped, and the printed labels really
stay apart."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from guide.content.i18n import language
from guide.content.marks import plain
from guide.press.fetch import weasyprint
from guide.render.timeline_svg import (
    MM_PER_PT,
    LabelBox,
    TimelineLayout,
    chart_theme,
    fractional_year,
    layout,
    periods,
    plan,
    text_width,
    theme_palette,
    theme_variables,
    timeline_svg,
    wrap,
)
from guide.source.model import Event, PartialDate

REPO = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
WORDS = [
    "treaty", "signed", "summit", "members", "agree", "new", "charter", "council", "meets",
    "in", "Moscow;", "troops", "deployed", "border", "crisis", "talks", "held", "Armenia",
    "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Belarus", "Russia", "joint", "exercises",
    "peacekeeping", "mission", "declared", "observer", "status",
]


def event(date: str, text: str) -> Event:
    return Event.model_validate({"date": date, "event": text})


def three() -> list[Event]:
    return [
        event("1992-05-15", "Collective Security Treaty signed in **Tashkent**"),
        event("1994-04-20", "The treaty comes into force"),
        event("2002-10-07", "The CSTO is founded as an [organisation](https://example.org)"),
    ]


def forty() -> list[Event]:
    """40 events over 30 years, at every precision, with texts of 3 to 13 words."""
    events = []
    for i in range(40):
        year, month, day = 1990 + (i * 3) // 4, 1 + (i * 5) % 12, 1 + (i * 7) % 28
        date = (f"{year}-{month:02d}-{day:02d}" if i % 3
                else f"{year}-{month:02d}" if i % 2 else f"{year}")
        words = [WORDS[(i * 3 + k) % len(WORDS)] for k in range(3 + (i * 7) % 11)]
        events.append(event(date, " ".join(words).capitalize()))
    return events


def one_year() -> list[Event]:
    """8 events in one year, four of them on the same day."""
    return [
        event("2022-01-06", "First units arrive in Almaty"),
        event("2022-01-05", "Unrest in Kazakhstan; the CSTO sends troops"),
        event("2022-01-06", "Russia leads the peacekeeping force"),
        event("2022-01-06", "Armenia chairs the council"),
        event("2022-01-06", "Kazakhstan asks for help"),
        event("2022-05-16", "Summit in Moscow marks 30 years of the treaty"),
        event("2022-09-13", "Armenia asks for help after border clashes"),
        event("2022-11-23", "Yerevan summit: the Prime Minister refuses to sign"),
    ]


def years_only() -> list[Event]:
    return [event(str(year), f"Something happened in {year}")
            for year in (1949, 1952, 1955, 1966, 1967, 1982, 1999, 2004, 2009)]


def long_texts() -> list[Event]:
    long = " ".join(WORDS * 8)
    return [
        event("2001-09-12", long),
        event("2001-09-13", "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3),
        event("2002", "**" + long[:300] + "**"),
        event("2003-03", long),
    ]


CASES = {
    "three": three,
    "forty": forty,
    "one year": one_year,
    "years only": years_only,
    "long texts": long_texts,
}


@pytest.fixture(params=list(CASES), ids=list(CASES))
def events(request: pytest.FixtureRequest) -> list[Event]:
    return CASES[request.param]()


def by_date(events: list[Event], boxes: list[LabelBox]) -> list[tuple[float, LabelBox]]:
    return sorted(((fractional_year(e.date), box) for e, box in zip(events, boxes, strict=True)),
                  key=lambda pair: (pair[0], pair[1].index))


def test_no_two_labels_overlap(events: list[Event]) -> None:
    boxes = layout(events)
    assert len(boxes) == len(events)
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), (a.lines[0], b.lines[0])


def test_labels_lie_within_the_svg(events: list[Event]) -> None:
    lay = plan(events)
    for box in lay.boxes:
        assert box.x >= 0 and box.right <= lay.width
        assert box.y >= 0 and box.bottom <= lay.height
        # The leader leaves the dot and runs along the label's edge.
        assert box.dot_x == pytest.approx(box.right if box.leftward else box.x)
        assert (box.bottom < lay.axis_y) == box.above
        assert (box.y > lay.axis_y) != box.above


def test_dots_are_in_date_order_and_proportional(events: list[Event]) -> None:
    pairs = by_date(events, layout(events))
    xs = [box.dot_x for _, box in pairs]
    assert xs == sorted(xs)
    (t0, first), (t1, last) = pairs[0], pairs[-1]
    if t1 > t0:
        scale = (last.dot_x - first.dot_x) / (t1 - t0)
        for t, box in pairs:
            assert box.dot_x == pytest.approx(first.dot_x + (t - t0) * scale)


def test_equal_time_gaps_are_equal_distances() -> None:
    events = [event(str(year), "An event") for year in (2000, 2002, 2004, 2006, 2008)]
    events += [event("2005-07", "Half way through 2005")]
    boxes = {str(e.date): box.dot_x for e, box in zip(events, layout(events), strict=True)}
    gaps = [boxes[str(b)] - boxes[str(a)] for a, b in itertools.pairwise(range(2000, 2009, 2))]
    assert gaps == pytest.approx([gaps[0]] * 4)
    assert boxes["July 2005"] == pytest.approx(boxes["2004"] + 0.75 * gaps[0])


def test_fractional_year_starts_a_period_at_its_beginning() -> None:
    assert fractional_year(PartialDate(1992)) == 1992
    assert fractional_year(PartialDate(1992, 1, 1)) == 1992
    assert fractional_year(PartialDate(1992, 7)) == 1992.5
    assert fractional_year(PartialDate(1992, 1, 15)) == pytest.approx(1992 + 14 / 365)


def test_labels_show_the_date_and_the_whole_plain_text(events: list[Event]) -> None:
    for e, box in zip(events, layout(events), strict=True):
        date, *text = box.lines
        assert date == str(e.date).replace(" ", "\u00a0")  # a date never breaks
        shown = " ".join(text).replace("- ", "")  # a word split across lines
        assert shown.replace("-", "") == " ".join(plain(e.event).split()).replace("-", "")
        assert "\u2026" not in shown and "**" not in shown and "](" not in shown


@pytest.mark.parametrize("text", ["Pneumonoultramicroscopicsilicovolcanoconiosis and more",
                                  "a b c d e f g h", " ".join(WORDS * 8)])
def test_long_words_and_texts_wrap_whole(text: str) -> None:
    lines = wrap(text, 9, 2.8)
    assert len(lines) >= 3 and all(text_width(line, 2.8) <= 9 for line in lines)
    rebuilt = "".join(line[:-1] if line.endswith("-") else line + " " for line in lines)
    assert rebuilt.strip() == text


def crossings(lay: TimelineLayout) -> list[tuple[str, str]]:
    """Pairs (leader's label, label it crosses): a leader runs from the axis to its box."""
    found = []
    for box in lay.boxes:
        top, bottom = sorted((lay.axis_y, box.y if box.above else box.bottom))
        for other in lay.boxes:
            if other.dot_x == box.dot_x:  # the same date: one leader
                continue
            if (other.x < box.dot_x < other.right and other.y < bottom
                    and top < other.bottom):
                found.append((box.lines[0], other.lines[0]))
    return found


@pytest.mark.parametrize(("width", "size"), [(170, 8), (176, 9.5), (176, 11), (92, 8),
                                             (182, 16)])
def test_no_leader_passes_behind_a_label(events: list[Event], width: float, size: float
                                         ) -> None:
    assert crossings(plan(events, width, size)) == []


def test_the_axis_uses_the_whole_width(events: list[Event]) -> None:
    for width in (92, 176):
        lay = plan(events, width)
        assert lay.axis_x0 < 3 and lay.axis_x1 > width - 4
        assert min(b.x for b in lay.boxes) >= 0 and max(b.right for b in lay.boxes) <= width


def test_clustered_dates_spread_over_both_sides() -> None:
    boxes = layout(one_year())
    assert {box.above for box in boxes} == {True, False}
    same_day = [box for box in boxes if box.lines[0] == "6\u00a0January\u00a02022"]
    assert len(same_day) == 4 and len({box.dot_x for box in same_day}) == 1


def test_a_dense_timeline_grows_taller() -> None:
    assert plan(forty()).height > 2 * plan(three()).height


def test_a_tall_timeline_prints_in_periods() -> None:
    events = forty()
    runs = periods(events, 176, 9.5, max_height_mm=120)
    assert len(runs) > 1
    assert [e for run in runs for e in run] == sorted(events, key=lambda e: e.date.sort_key)
    heights = [plan(run, 176, 9.5).height for run in runs]
    assert max(heights) <= 120
    assert min(heights) > 120 / 3  # about even, none a scrap
    svg = timeline_svg(events, 176, font_size_pt=9.5, max_height_mm=120)
    svgs = ET.fromstring(f"<div>{svg}</div>")
    assert len(svgs) == len(runs)
    assert periods(events, 176, 9.5) == [sorted(events, key=lambda e: e.date.sort_key)]


@pytest.mark.parametrize(
    ("dates", "labels"),
    [
        (["1992", "2022"], ["1995", "2000", "2005", "2010", "2015", "2020"]),
        (["1949", "2024"], ["1950", "1960", "1970", "1980", "1990", "2000", "2010", "2020"]),
        (["2022-01-05", "2022-11-23"], ["Jan 2022", "Mar", "May", "Jul", "Sep", "Nov"]),
    ],
)
def test_ticks_fall_on_round_dates(dates: list[str], labels: list[str]) -> None:
    ticks = plan([event(d, "An event") for d in dates]).ticks
    assert [t.label for t in ticks] == labels
    assert 4 <= len(ticks) <= 10


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        ("hi", ["जन॰ 2022", "मार्च", "मई", "जुल॰", "सित॰", "नव॰"]),
        ("de", ["Jan. 2022", "Mär", "Mai", "Jul", "Sep", "Nov"]),
        ("en-GB", ["Jan 2022", "Mar", "May", "Jul", "Sep", "Nov"]),
    ],
)
def test_month_ticks_in_the_language_printed(lang: str, labels: list[str]) -> None:
    with language(lang):
        ticks = plan([event(d, "An event") for d in ("2022-01-05", "2022-11-23")]).ticks
        svg = timeline_svg([event(d, "An event") for d in ("2022-01-05", "2022-11-23")], 170)
    assert [t.label for t in ticks] == labels
    drawn = [t.text for t in parse(svg).iter(f"{SVG}text") if t.get("class") == "tl-year"]
    assert drawn == labels


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def test_the_svg_is_well_formed_and_sized_in_mm(events: list[Event]) -> None:
    lay = plan(events, 150)
    root = parse(timeline_svg(events, 150))
    assert root.get("width") == "150mm"
    assert root.get("height") == f"{round(lay.height, 2):g}mm"
    assert root.get("viewBox") == f"0 0 150 {round(lay.height, 2):g}"
    assert root.get("role") == "img"
    assert root.get("aria-label", "").startswith("Timeline from ")
    assert root.find(f"{SVG}title") is not None
    dates = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "tl-date"]
    assert sorted(dates) == sorted(str(e.date).replace(" ", "\u00a0") for e in events)


def test_colours_come_from_classes_only() -> None:
    root = parse(timeline_svg(forty()))
    classes = {el.get("class") for el in root.iter()}
    assert {"tl-axis", "tl-dot", "tl-leader", "tl-label", "tl-date", "tl-tick"} <= classes
    for el in root.iter():
        assert not {"fill", "stroke", "style", "color"} & set(el.attrib), el.tag


def test_every_text_carries_its_size() -> None:
    """Labels at the size asked for, years under the axis at theirs, in mm (the SVG's unit)."""
    root = parse(timeline_svg(forty(), 176, font_size_pt=11, year_size_pt=10))
    sizes = {t.get("class"): float(t.get("font-size", 0)) / MM_PER_PT
             for t in root.iter(f"{SVG}text")}
    assert sizes == pytest.approx({"tl-date": 11, "tl-label": 11, "tl-year": 10}, abs=0.02)


def test_text_is_escaped() -> None:
    events = [event("2020", "<script>alert(1)</script> & friends"), *three()]
    svg = str(timeline_svg(events, title="A & <b>"))
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg and "&amp;" in svg
    root = parse(svg)
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "<script>alert(1)</script>" in texts and "& friends" in texts
    assert root.get("aria-label") == "A & <b>"


def test_palette_from_theme_variables() -> None:
    css = ":root { --color-accent: #123456; --color-text: red;}</style><script>; }"
    palette = theme_palette(":root{--color-accent:#000}", css)
    assert palette["accent"] == "#123456"
    assert palette["text"] != "red;}</style><script>"
    svg = str(timeline_svg(three(), palette={"accent": "#123456", "text": "</style>"}))
    assert "#123456" in svg and svg.count("</style>") == 1
    parse(svg)


def test_only_root_variables_count() -> None:
    css = (":root { --small-size: 0.8em; /* --small-size: 9em; */ }\n"
           "html.paper-a5 { --small-size: 0.5em; }\n:root{--table-size:0.9em}")
    assert theme_variables(css) == {"--small-size": "0.8em", "--table-size": "0.9em"}


def test_root_variables_are_read_as_css_reads_them() -> None:
    """Strings and comments holding `;` or `}` end nothing; a rule for the screen does not
    print, one for print does."""
    css = (':root { --font-heading: "A; B}", serif; /* } --small-size: 9em; */\n'
           "  --table-size: 0.9em !important; }\n"
           "@media screen { :root { --table-size: 2em; } }\n"
           "@media print { :root { --small-size: 0.7em; } }\n"
           "html:root { --small-size: 3em; }")
    assert theme_variables(css) == {"--font-heading": '"A; B}", serif', "--table-size": "0.9em",
                                    "--small-size": "0.7em"}


@pytest.mark.parametrize(
    ("css", "font", "sizes", "width"),
    [
        (":root{--small-size:.8em;--table-size:.86em;--sources-size:.78em}", 11,
         (11 * 0.86, 11 * 0.8), 176),
        (":root{--small-size:.9em;--table-size:.92em;--sources-size:.85em}", 12,
         (12 * 0.92, 12 * 0.9), 176),
        (":root{--small-size:.8em;--table-size:.8em;--sources-size:.8em}", 8.5, (8, 8), 176),
        (":root{--small-size:1em;--table-size:1em;--sources-size:1em;"
         "--page-margin:22mm 14mm 22mm 14mm}", 16, (16, 16), 182),
        (":root{--small-size:7pt;--table-size:0.95em;--sources-size:.95em;"
         "--page-margin:12mm 10mm 13mm;--main-columns:2}", 8.5, (8.5 * 0.95, 8), 92),
    ],
)
def test_chart_sizes_from_the_theme(css: str, font: float, sizes: tuple[float, float],
                                    width: float) -> None:
    """Labels at the table's size, numbers at the smallest text to read (not the source
    list's), never under 8 pt; as wide as the text (or a column of it)."""
    base = ":root{--page-margin:20mm 17mm 19mm 17mm}"
    theme = chart_theme([base, css], font, (210, 297))
    assert (theme.text_pt, theme.small_pt) == pytest.approx(sizes)
    assert theme.width_mm == pytest.approx(width)


def test_the_same_events_draw_the_same_svg() -> None:
    assert timeline_svg(forty()) == timeline_svg(forty())
    assert timeline_svg(forty()) == timeline_svg(list(reversed(forty())))  # dates all differ
    assert layout(one_year()) == layout(one_year())


def test_no_events_draw_nothing() -> None:
    assert timeline_svg([]) == ""


def test_printed_labels_do_not_overlap() -> None:
    """Print 14 dense events through WeasyPrint with the bundled fonts: every character lands
    inside its own label's box, and no two labels' text overlaps on the page."""
    events = forty()[:14]
    lay = plan(events)
    fonts = (REPO / "styles" / "fonts" / "fonts.css").as_uri()
    html = (f'<html><head><link rel="stylesheet" href="{fonts}"><style>@page {{ size: A4; '
            f"margin: 10mm }} body {{ margin: 0 }} svg {{ display: block }}</style></head>"
            f"<body>{timeline_svg(events)}</body></html>")
    page = pdfium.PdfDocument(weasyprint().HTML(string=html).write_pdf())[0]
    height_pt = page.get_size()[1]
    text = page.get_textpage()
    mm = 25.4 / 72

    labels: dict[int, list[tuple[float, float, float, float]]] = {}
    for i in range(text.count_chars()):
        if not text.get_text_range(i, 1).strip():
            continue
        left, bottom, right, top = text.get_charbox(i)
        x0, x1 = left * mm - 10, right * mm - 10  # the svg sits at the page margin
        y0, y1 = (height_pt - top) * mm - 10, (height_pt - bottom) * mm - 10
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        owners = [b.index for b in lay.boxes if b.x <= cx <= b.right and b.y <= cy <= b.bottom]
        if not owners:  # a year under the axis
            assert lay.axis_y < cy < lay.axis_y + 8, text.get_text_range(i, 1)
            continue
        assert len(owners) == 1
        box = lay.boxes[owners[0]]
        assert box.x - 0.3 <= x0 and x1 <= box.right + 0.3  # the width estimate holds
        labels.setdefault(owners[0], []).append((x0, y0, x1, y1))

    assert len(labels) == len(events)
    rects = {k: (min(r[0] for r in v), min(r[1] for r in v), max(r[2] for r in v),
                 max(r[3] for r in v)) for k, v in labels.items()}
    for (a, ra), (b, rb) in itertools.combinations(rects.items(), 2):
        apart = ra[2] <= rb[0] or rb[2] <= ra[0] or ra[3] <= rb[1] or rb[3] <= ra[1]
        assert apart, (lay.boxes[a].lines[0], lay.boxes[b].lines[0])


def test_a_heading_over_a_chart_is_not_left_alone() -> None:
    """The print report counts a chart under a heading as what follows it, as it does text:
    a heading with only its chart under it at the foot of a page is not alone."""
    from guide.press.readiness import inspect

    fonts = (REPO / "styles" / "fonts" / "fonts.css").as_uri()
    chart = timeline_svg(forty()[:12], 170, max_height_mm=200)
    html = (f'<html><head><link rel="stylesheet" href="{fonts}"><style>@page {{ size: A4; '
            f"margin: 10mm }} h2 {{ break-after: avoid }} svg {{ display: block; "
            f"width: 100% }}</style></head><body><p style='margin-top: 80mm'>Before</p>"
            f"<h2>Timeline</h2>{chart}<p style='break-before: page'>After</p></body></html>")
    document = weasyprint().HTML(string=html).render()
    assert len(document.pages) == 2
    assert not [f for f in inspect(document) if "heading" in f.message]
