"""Finished text, read from printed PDFs: curly quotes, dashes, no line break inside a date or
between a number and its unit, hyphenation that leaves names, headings and cards whole and
three letters on each side of a break; URLs, bold and links as typed."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader

from guide.api import build
from guide.content.i18n import LANG, when
from guide.content.marks import inline, plain
from guide.source.model import PartialDate
from guide.source.resources import Project

HYPHENS = "\u2010\u00ad-"  # what a line broken inside a word ends with
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November"
          "|December")
UNITS = "mm|km|kg|%|million|billion|per cent"
NAMES = ["Kazakhstan", "Tasmagambetov", "Mediterranean", "Constantinople", "Washington",
         "Azerbaijan", "Liechtenstein", "Kyrgyzstan", "Massachusetts", "Carthaginians"]
LONG_WORDS = ["intergovernmental", "responsibilities", "counterproductive", "notwithstanding",
              "internationalisation", "characteristically", "disproportionately",
              "understandably", "administratively", "extraordinarily"]

# Prose that needs every kind of finishing, many times over, in columns a few words wide.
PARAGRAPH = (
    "The treaty's \"collective\" clause - as 'Article 4' says - was signed on {day} {month} "
    "{year} in {name}, and covers 2014-2024 (pages 3-5); its {long} reach spans {n} km, "
    "{n} mm of rain, {n} % of members and {n}.5 million people since {month} {year}, the "
    "{name} delegation's {long} view notwithstanding."
)


def paragraph(i: int) -> str:
    return PARAGRAPH.format(
        day=1 + i % 28, month=MONTHS.split("|")[i % 12], year=1990 + i, n=10 + 7 * i,
        name=NAMES[i % len(NAMES)], long=LONG_WORDS[i % len(LONG_WORDS)],
    )


TOPIC = "\n".join([
    "title: Typesetting \"Test\" Organisation",
    "short_name: TTO",
    "as_of: 2024-02-23",
    "summary:",
    "  - The **Typesetting Organisation**'s members - see"
    " [its charter](https://example.org/a-b--c/2014-2024) - met.",
    "  - Its site is https://example.org/x--y/2014-2024-page and stays as typed.",
    "facts:",
    "  - label: Secretary General",
    "    value: Imangali Tasmagambetov (since 1 January 2023)",
    "  - label: Headquarters",
    "    value: Constantinople",
    "  - label: Members",
    "    value: [Kazakhstan, Azerbaijan, Liechtenstein, Kyrgyzstan]",
    "sections:",
    "  - heading: Internationalisation responsibilities extraordinarily",
    "    text: |",
    *(f"      {paragraph(i)}\n" for i in range(24)),
    "timeline:",
    "  - date: 1992-05-15",
    "    event: The \"treaty\" is signed in Tashkent.",
    "  - date: 2002-10-07",
    "    event: The organisation's charter is signed.",
    "  - date: 2010",
    "    event: A rapid-reaction force of 20,000 troops is formed.",
    "questions:",
    "  - q: What did the treaty's \"Article 4\" say?",
    "    a: >-",
    "      That an attack on one is an attack on all - the collective defence clause, which",
    "      intergovernmental responsibilities notwithstanding was counterproductive and",
    "      disproportionately, characteristically, extraordinarily administrative.",
    "  - q: Where is the organisation's headquarters?",
    "    a: In Constantinople, since 15 May 1992.",
])

NARROW = {
    "styles/audiences/narrow.yaml": "theme: classroom\ncss: narrow.css\n",
    "styles/audiences/narrow.css": ":root { --main-columns: 3; }\n",
}


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The topic as a three-column sheet, a worksheet (generated practice) and flashcards."""
    root = tmp_path_factory.mktemp("typography")
    for name, text in {"data/tto.yaml": TOPIC, **NARROW}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    project, out = Project(root), root / "out"
    for flashcards in (False, True):
        report = build([root / "data"], ["narrow", "worksheet"], out, html=not flashcards,
                       cache=False, flashcards=flashcards, project=project)
        assert report.ok, report.problems
    return {
        "sheet": out / "tto-narrow.pdf",
        "worksheet": out / "tto-worksheet.pdf",
        "cards": out / "tto-narrow-flashcards.pdf",
        "html": out / "tto-narrow.html",
    }


def lines(path: Path) -> list[str]:
    """Every printed line, in reading order, as pdfium lays the text out."""
    found = []
    for page in pdfium.PdfDocument(path):
        text = page.get_textpage().get_text_range()
        found += [line for line in re.split(r"\r\n|\r|\n", text) if line.strip()]
    return found


def joined(path: Path) -> str:
    """The printed text as one line: a word broken at a line's end made whole again (pdfium
    joins it itself, marking the break U+FFFE)."""
    text = "\n".join(lines(path)).replace("\u00a0", " ").replace("\ufffe", "")
    return re.sub(r"\u2010\n", "", text).replace("\n", " ")


def line_pairs(path: Path) -> list[tuple[str, str]]:
    printed = lines(path)
    return list(pairwise(printed))


def test_quotes_are_curly_in_every_printed_text(printed: dict[str, Path]) -> None:
    for name in ("sheet", "worksheet", "cards"):
        text = "\n".join(lines(printed[name]))
        straight = [line for line in text.splitlines() if "'" in line or '"' in line]
        assert not straight, (name, straight[:5])
    sheet = joined(printed["sheet"])
    assert "treaty\u2019s \u201ccollective\u201d" in sheet
    assert "\u2018Article" in sheet
    worksheet = "\n".join(lines(printed["worksheet"]))
    assert "topic\u2019s facts" in worksheet  # guide's own words
    assert "TTO\u2019s secretary general" in worksheet  # generated practice


def test_ranges_and_dashes(printed: dict[str, Path]) -> None:
    text = joined(printed["sheet"])
    assert "2014\u20132024" in text and "3\u20135" in text
    assert not re.search(r"\d-\d{4}\b", text.replace("2014-2024-page", ""))  # the bare URL
    assert "clause \u2013 as" in text and " - " not in text
    # A compound keeps its hyphen: on a line, or ending one (pdfium marks that U+FFFE).
    raw = "\n".join(lines(printed["sheet"]))
    assert "rapid-reaction" in text or "rapid\ufffereaction" in raw
    assert "1992-05-15" not in text


def test_no_line_ends_inside_a_date_or_between_a_number_and_its_unit(
    printed: dict[str, Path],
) -> None:
    pairs = line_pairs(printed["sheet"])
    assert len(pairs) > 300  # narrow columns: many line breaks to get wrong
    for before, after in pairs:
        assert not (re.search(r"(?<![\d.,])\d{1,2}$", before.rstrip())
                    and re.match(rf"({MONTHS})\b", after)), (before, after)
        assert not (re.search(rf"\b({MONTHS})$", before.rstrip()) and re.match(r"\d", after)), (
            before, after)
        assert not (re.search(r"\d$", before.rstrip()) and re.match(rf"({UNITS})\b", after)), (
            before, after)
        assert not before.rstrip().endswith("\u2013") or not re.match(r"\d", after), (
            before, after)


def hyphenated(path: Path) -> list[tuple[str, str]]:
    """(the word's first part, the second) for each line that ends inside a word: pdfium
    joins a word broken with a hyphen-minus, marking the break U+FFFE."""
    found = [pair for line in lines(path) for pair in re.findall(r"(\w+)\ufffe(\w+)", line)]
    for before, after in line_pairs(path):
        end = re.search(rf"(\w+)[{HYPHENS}]$", before.rstrip())
        if end and re.match(r"\w", after) and not re.search(r"\w-\w+[-\u2010]$", before):
            found.append((end.group(1), re.match(r"\w+", after).group()))
    return found


def test_hyphenation_keeps_names_whole_and_three_letters_each_side(
    printed: dict[str, Path],
) -> None:
    breaks = hyphenated(printed["sheet"])
    assert len(breaks) >= 5, "running text in narrow columns is hyphenated"
    for first, second in breaks:
        assert not first[0].isupper(), f"a capitalised word is hyphenated: {first}-{second}"
        assert len(first) >= 3 and len(second) >= 3, f"a break leaves a runt: {first}-{second}"


def test_no_hyphenation_in_headings_table_cells_and_cards(printed: dict[str, Path]) -> None:
    heading = "Internationalisation responsibilities extraordinarily"
    text = "\n".join(lines(printed["sheet"]))
    for word in heading.split():
        assert word in text
    html = printed["html"].read_text(encoding="utf-8")
    assert '<th scope="row"><span class="whole">Secretary</span>' in html
    assert not hyphenated(printed["cards"])


def test_urls_links_and_bold_are_kept(printed: dict[str, Path]) -> None:
    html = printed["html"].read_text(encoding="utf-8")
    assert '<a href="https://example.org/a-b--c/2014-2024">its charter</a>' in html
    assert "<strong><span class=\"whole\">Typesetting</span> " in html
    assert "https://example.org/x--y/2014-2024-page" in html
    uris = [
        annot.get_object()["/A"]["/URI"]
        for page in PdfReader(printed["sheet"]).pages
        for annot in page.get("/Annots", [])
        if "/A" in annot.get_object()
    ]
    assert "https://example.org/a-b--c/2014-2024" in uris
    assert "https://example.org/x--y/2014-2024-page" in joined(printed["sheet"]).replace(" ", "")


def test_dates_from_babel_hold_together_in_every_language() -> None:
    for lang, shown in [("en", "15\u00a0May\u00a01992"), ("hi", "15\u00a0\u092e\u0908\u00a01992")]:
        token = LANG.set(lang)
        try:
            assert when(PartialDate(1992, 5, 15)) == shown
            assert plain(f"on {shown.replace(chr(160), ' ')} too") == f"on {shown} too"
        finally:
            LANG.reset(token)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("COVID-19, F-16, Russian-led, 1992-05-15", "COVID-19, F-16, Russian-led, 1992-05-15"),
        ("Article 2(c) and (tm)", "Article 2(c) and (tm)"),
        ("the '90s", "the \u201990s"),
        ("1,000 km, 1.2 billion, 45 per cent", "1,000\u00a0km, 1.2\u00a0billion, 45\u00a0per cent"),
        ("May 15, 1992", "May\u00a015,\u00a01992"),
        ("in 1992 in Minsk", "in 1992 in Minsk"),  # "in" is not an inch here
        ("a -- b --- c", "a\u00a0\u2013 b\u00a0\u2014 c"),
        ('<a href="x">it\'s</a> "q"', '<a href="x">it\u2019s</a> \u201cq\u201d'),  # tags as typed
        ('<script>alert("x")</script>', '<script>alert("x")</script>'),
    ],
)
def test_plain_text_is_finished(text: str, shown: str) -> None:
    assert plain(text) == shown


def test_markup_typed_in_text_keeps_its_straight_quotes_in_html() -> None:
    html = str(inline('See <b class="x">this</b> and "that".'))
    assert "&lt;b class=&quot;x&quot;&gt;" in html and "\u201cthat\u201d" in html


def test_names_and_last_words_are_kept_whole_in_html() -> None:
    html = str(inline("Units from Kazakhstan, (Azerbaijan) and 1 January 2023. participation"))
    assert '<span class="whole">Kazakhstan,</span>' in html
    assert '<span class="whole">(Azerbaijan)</span>' in html
    assert '<span class="whole">participation</span>' in html  # the paragraph's last word
    assert html.startswith("Units from")  # too short to hyphenate


def test_the_words_guide_prints_itself_are_finished() -> None:
    for po in (Path(__file__).parent.parent / "guide" / "locale").rglob("*.po*"):
        with po.open("rb") as source:
            catalog = read_po(source)
        for message in (m for m in catalog if m.id):  # not the header
            for text in (message.id, message.string):
                assert not re.search(r"['\"]| - |\d-\d", str(text)), (po.name, text)


def test_hindi_sheet_keeps_its_dates_whole(
    make_project: Callable[[dict[str, str]], Project],
) -> None:
    topic = "\n".join([
        "title: परीक्षण",
        "lang: hi",
        "summary: [संधि]",
        "sections:",
        "  - heading: इतिहास",
        "    text: >-",
        *(f"      संधि पर {d} मई {1990 + d} को \"ताशकंद\" में हस्ताक्षर हुए और यह लंबा वाक्य है।"
          for d in range(1, 25)),
    ])
    project = make_project({"data/t.yaml": topic, **NARROW})
    out = project.root / "out"
    assert build([project.root / "data"], ["narrow"], out, cache=False, project=project).ok
    printed = lines(out / "t-narrow.pdf")
    text = "\n".join(printed)
    assert '"' not in text and "\u201c" in text and "\u201d" in text
    for before, after in pairwise(printed):
        assert not (re.search(r"\d$", before.rstrip()) and after.startswith("मई")), (before, after)
        assert not (before.rstrip().endswith("मई") and re.match(r"\d", after)), (before, after)
