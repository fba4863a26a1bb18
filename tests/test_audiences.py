"""Each built-in audience keeps its promise, checked on the printed PDF and on its CSS.

The sample topics are built once, strictly (any print warning fails), for every built-in
audience on A4 and on Letter.
"""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import tinycss2
from pypdf import PdfReader
from tinycss2 import color3

from guide.source.resources import BUILTIN_STYLES

from pdftools import pdf_text, squash
from samples import BUILTIN, PAPERS, sheet_name

REPO = Path(__file__).resolve().parent.parent
LEVEL_3_SUMMARY = "Its first collective deployment was to Kazakhstan in January 2022"
ANSWER = "Since 2004 (General Assembly resolution 59/50 of 2 December 2004)"


def sheet(sheets: dict[str, Path], audience: str, paper: str = "A4", topic: str = "csto") -> Path:
    return sheets[paper] / sheet_name(topic, audience, paper)


def text_of(path: Path) -> str:
    return squash(" ".join(pdf_text(path)))


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("audience", BUILTIN)
def test_every_audience_prints_on_its_paper(sheets: dict, audience: str, paper: str) -> None:
    for topic in ("csto", "nato"):
        for page in PdfReader(sheet(sheets, audience, paper, topic)).pages:
            size = (float(page.mediabox.width), float(page.mediabox.height))
            assert size == pytest.approx(PAPERS[paper], abs=0.5)


def font_sizes(path: Path) -> set[float]:
    """The size in points of every visible character, as the PDF itself says."""
    sizes = set()
    pdf = pdfium.PdfDocument(path)
    for page in pdf:
        text = page.get_textpage()
        for i in range(text.count_chars()):
            if not text.get_text_range(i, 1).strip():
                continue
            matrix = pdfium_c.FS_MATRIX()
            pdfium_c.FPDFText_GetMatrix(text, i, matrix)
            scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
            sizes.add(round(pdfium_c.FPDFText_GetFontSize(text, i) * scale, 2))
    return sizes


def test_classroom_is_a_student_copy_at_level_2(sheets: dict) -> None:
    path = sheet(sheets, "classroom")
    pages = [squash(p) for p in pdf_text(path)]
    assert squash(LEVEL_3_SUMMARY) not in "".join(pages)
    assert squash("Answer key") in pages[-1] and squash(ANSWER) in pages[-1]
    assert all(squash(ANSWER) not in page for page in pages[:-1])


def test_teacher_has_answers_under_questions_all_levels_and_a_mark(sheets: dict) -> None:
    path = sheet(sheets, "teacher")
    text = text_of(path)
    assert squash(LEVEL_3_SUMMARY) in text
    assert squash("Answer key") not in text
    assert text.count(squash("Answer:")) >= 10
    assert text.index(squash("What is NATO?")) < text.index(squash("Answer: Formed in 1949"))
    pdf = pdfium.PdfDocument(path)
    for page in pdf:
        width, height = page.get_size()
        top = page.get_textpage().get_text_bounded(0, height - 60, width, height)
        assert "TEACHER COPY" in top


def test_large_print_has_nothing_under_14pt(sheets: dict) -> None:
    for paper in PAPERS:
        for topic in ("csto", "nato"):
            assert min(font_sizes(sheet(sheets, "large-print", paper, topic))) >= 14


def test_exam_cram_is_dense_legible_and_two_columns(sheets: dict) -> None:
    path = sheet(sheets, "exam-cram")
    assert len(PdfReader(path).pages) <= 2
    assert min(font_sizes(path)) >= 8
    text = text_of(path)
    assert squash(LEVEL_3_SUMMARY) in text and squash("Answer:") in text
    # Two columns: lines of body text start at two different x positions.
    page = pdfium.PdfDocument(path)[0]
    text_page = page.get_textpage()
    width = page.get_size()[0]
    starts = {round(text_page.get_charbox(i)[0]) for i in range(text_page.count_chars())}
    assert any(x > width / 2 for x in starts) and any(x < width / 4 for x in starts)


def test_sans_font_in_dyslexia_friendly(sheets: dict) -> None:
    fonts = {
        font.get_object()["/BaseFont"].split("+")[-1]
        for page in PdfReader(sheet(sheets, "dyslexia-friendly")).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all(name.startswith("Noto-Sans") for name in fonts), fonts


def test_dyslexia_friendly_is_never_hyphenated(sheets: dict) -> None:
    source = squash(Path(REPO / "data" / "csto.yaml").read_text())
    for text in pdf_text(sheet(sheets, "dyslexia-friendly")):
        lines = text.splitlines()
        for line, following in itertools.pairwise(lines):
            if line.endswith("-") and following:
                word = (line.split()[-1] + following.split()[0]).rstrip(",.;:)")
                assert squash(word) in source or "-" not in word[:-1], word


def pixels(path: Path, scale: float = 0.5) -> list:
    return [page.render(scale=scale).to_pil().convert("RGB") for page in pdfium.PdfDocument(path)]


def filled_areas(image) -> int:
    """Rows that belong to a filled area: a run of 60+ pixels of one non-white colour,
    lasting 4 rows or more (a rule is one row; text is never one flat colour)."""
    data = image.load()
    runs_by_row = []
    for y in range(image.height):
        runs, start = set(), 0
        for x in range(1, image.width + 1):
            if x == image.width or data[x, y] != data[start, y]:
                if x - start >= 60 and data[start, y] != (255, 255, 255):
                    runs.add((start // 10, data[start, y]))
                start = x
        runs_by_row.append(runs)
    return sum(
        1 for y in range(len(runs_by_row) - 3)
        if runs_by_row[y] & runs_by_row[y + 1] & runs_by_row[y + 2] & runs_by_row[y + 3]
    )


def test_ink_saver_is_grey_with_no_fills(sheets: dict) -> None:
    for topic in ("csto", "nato"):
        for image in pixels(sheet(sheets, "ink-saver", topic=topic)):
            colours = image.getcolors(maxcolors=1 << 20)
            assert all(max(rgb) - min(rgb) <= 4 for _, rgb in colours), "colour in ink-saver"
            assert filled_areas(image) == 0


def test_the_fill_detector_sees_the_classroom_boxes(sheets: dict) -> None:
    assert filled_areas(pixels(sheet(sheets, "classroom"))[0]) > 20


# -- contrast, computed from each theme's CSS variables ------------------------------------

TEXT = ["--color-text", "--color-muted", "--color-accent", "--color-link", "--color-mark"]
BACKGROUNDS = ["--page-background", "--summary-background", "--news-background",
               "--table-stripe"]
PAIRS = [(t, b) for t in TEXT for b in BACKGROUNDS] + [
    ("--table-head-text", "--table-head-background"),
    ("--news-label", "--news-background"),
    ("--color-text", "--screen-background"),
]


def declarations(css: Path) -> dict[str, str]:
    """The variables set on :root in a stylesheet and those it imports, as written."""
    found = {}
    for rule in tinycss2.parse_stylesheet(css.read_text(), skip_comments=True):
        if rule.type == "at-rule" and rule.lower_at_keyword == "import":
            url = next(t for t in rule.prelude if t.type in {"url", "string", "function"})
            name = url.value if url.type != "function" else url.arguments[0].value
            found.update(declarations(css.parent / name))
        if rule.type != "qualified-rule" or tinycss2.serialize(rule.prelude).strip() != ":root":
            continue
        for item in tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True):
            if item.type == "declaration" and item.name.startswith("--"):
                found[item.name] = tinycss2.serialize(item.value).strip()
    return found


def theme(name: str) -> dict[str, str]:
    """A theme's variables over base.css's defaults."""
    return {**declarations(BUILTIN_STYLES / "base.css"),
            **declarations(BUILTIN_STYLES / "themes" / f"{name}.css")}


def variables(css: Path) -> dict[str, tuple[float, float, float]]:
    """The colour variables set on :root in a stylesheet."""
    colours = {name: color3.parse_color(value) for name, value in declarations(css).items()}
    return {k: v for k, v in colours.items() if v is not None and not isinstance(v, str)}


def test_large_print_is_one_column_and_well_spaced() -> None:
    large = theme("large-print")
    assert float(large["--line-height"]) >= 1.5
    assert {large[k] for k in ("--main-columns", "--list-columns")} == {"auto"}
    assert large["--source-display"] == "block"


def test_dyslexia_friendly_spacing() -> None:
    dyslexia, classroom = theme("dyslexia-friendly"), theme("classroom")
    assert float(dyslexia["--line-height"]) >= 1.5 > float(classroom["--line-height"])
    assert dyslexia["--letter-spacing"].endswith("em") and float(
        dyslexia["--letter-spacing"][:-2]) > 0
    assert dyslexia["--hyphens"] == "manual" and dyslexia["--emphasis-style"] == "normal"


def luminance(rgba: tuple) -> float:
    r, g, b, alpha = rgba
    if alpha == 0:  # transparent: the white page shows through
        r = g = b = 1.0

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: tuple, b: tuple) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


THEMES = sorted((BUILTIN_STYLES / "themes").glob("*.css"))


@pytest.mark.parametrize("theme", THEMES, ids=[t.stem for t in THEMES])
def test_every_theme_meets_wcag_contrast(theme: Path) -> None:
    colours = {**variables(BUILTIN_STYLES / "base.css"), **variables(theme)}
    assert "--table-head-background" in variables(theme), "a theme sets its own colours"
    need = 7 if theme.stem == "large-print" else 4.5
    for fg, bg in PAIRS:
        ratio = contrast(colours[fg], colours[bg])
        assert ratio >= need, f"{theme.stem}: {fg} on {bg} is {ratio:.2f}:1, needs {need}:1"


def test_the_contrast_check_catches_a_pale_text() -> None:
    assert contrast(color3.parse_color("#999999"), color3.parse_color("#ffffff")) < 4.5
    assert contrast(color3.parse_color("#000000"), color3.parse_color("#ffffff")) == 21


def test_dyslexia_friendly_is_cream_on_screen_and_white_on_paper(sheets: dict) -> None:
    colours = {**variables(BUILTIN_STYLES / "base.css"),
               **variables(BUILTIN_STYLES / "themes" / "dyslexia-friendly.css")}
    r, g, b, _ = colours["--screen-background"]
    assert r > b and g > b and b > 0.8, "cream: warm and light"
    assert colours["--page-background"][:3] == (1, 1, 1)
    first = pixels(sheet(sheets, "dyslexia-friendly"))[0]
    assert first.getpixel((2, 2)) == (255, 255, 255)
    css = (BUILTIN_STYLES / "base.css").read_text()
    assert re.search(r"@media screen\s*{\s*html { background: var\(--screen-background\); }", css)


def test_dyslexia_friendly_draws_the_timeline_as_well(sheets: dict) -> None:
    text = text_of(sheet(sheets, "dyslexia-friendly"))
    classroom = text_of(sheet(sheets, "classroom"))
    # Each date stands in the chart and in the table; the classroom prints the table only.
    assert text.count(squash("20 April 1994")) == classroom.count(squash("20 April 1994")) + 1
