"""The print report as a typographer: each check on a few lines of HTML laid out by
WeasyPrint, once where it must speak and once on a finished page, where it must not."""

from __future__ import annotations

import pytest
from weasyprint import HTML

from guide.press.readiness import inspect

# A small page: 100 mm by 90 mm, a text area of 80 mm by 70 mm.
PAGE = "@page { size: 100mm 90mm; margin: 10mm; } body { margin: 0; font-size: 10pt; }"


def report(body: str, css: str = "", lang: str = "en") -> list[str]:
    """The findings, as printed, for `body` laid out on the small page."""
    html = f"<html lang={lang}><style>{PAGE} {css}</style><body>{body}</body></html>"
    return [str(finding) for finding in inspect(HTML(string=html).render())]


def only(found: list[str], words: str) -> list[str]:
    return [f for f in found if words in f]


# 1. A mostly empty page that is not allowed to be

TALL = '<div class=tall style="height: 66mm; break-inside: avoid; border: 1px solid">Box</div>'


def test_a_page_left_mostly_empty_is_found() -> None:
    found = report(f"<p>Intro.</p>{TALL}<p>Last.</p>", "p { line-height: 7mm; margin: 0; }")
    assert found == [  # one 7 mm line of 70 mm; page 3, the last, may be empty
        "page 1: 90% of the page is empty: what follows ('Box') did not fit below and "
        "starts the next page; let it break across pages, make room for it, or start it on "
        "a new page on purpose (break-before: page)"
    ], found


@pytest.mark.parametrize("css", [
    ".tall { break-before: page; }",  # the next part starts a page on purpose
    ".tall { break-before: right; }",  # ...a right-hand page, after a blank page
    "p:first-child { break-after: recto; }",
    ".tall { page: wide; } @page wide { size: 100mm 90mm; }",  # a named page of its own
])
def test_a_page_before_a_forced_break_may_be_empty(css: str) -> None:
    found = report(f"<p>Intro.</p>{TALL}<p>Last.</p>", css)
    assert only(found, "empty") == [], found


def test_a_full_page_and_a_short_last_page_pass() -> None:
    assert report("<p>" + "Words to fill a page. " * 40 + "</p><p>End.</p>") == []


# 2. A page holding only a heading

def test_a_page_holding_only_a_heading_is_found() -> None:
    found = report(f"<p>Intro.</p><h2>Sources</h2>{TALL}",
                   "h2 { break-after: auto; } p { break-after: page; }")
    assert found == [
        "page 2: the page holds only the heading 'Sources'; keep a heading on the page of "
        "what follows it (break-after: avoid), or let what follows break across pages"
    ], found


def test_a_heading_with_its_text_or_lines_to_write_on_passes() -> None:
    assert report("<h2>Sources</h2><p>One source.</p>") == []
    assert report("<h2>Notes</h2>" + "<div style='height: 8mm; border-bottom: 1px solid'>"
                  "</div>" * 3) == []


# 3. A key on the back of a pupil's page

def test_a_key_on_an_even_page_is_found() -> None:
    found = report("<p>Questions.</p>"
                   "<section data-answers style='break-before: page'><h2>Key</h2><p>A.</p>"
                   "</section>")
    assert found == [
        "page 2: the answer key starts on page 2, the back of page 1 when printed on both "
        "sides; start it on a right-hand page (break-before: right)"
    ], found


def test_a_key_on_a_right_hand_page_passes() -> None:
    found = report("<p>Questions.</p>"
                   "<section data-answers style='break-before: right'><h2>Key</h2>"
                   + "<p>Answer.</p>" * 30 + "</section>")
    assert found == [], found  # the key runs on to page 4: only where it starts counts


# 4. Lines past the measure

def lines(*words: int, tag: str = "p", word: str = "abcd") -> str:
    """A paragraph of lines of so many words each: 16 words of "abcd" are 79 characters."""
    return (f"<{tag} style='white-space: nowrap'>"
            + "<br>".join(" ".join([word] * n) for n in words) + f"</{tag}>")


WIDE = "@page { size: 400mm 90mm; } body { font-size: 6pt; }"


def test_long_lines_are_found_with_their_average() -> None:
    found = report(lines(16, 18, 2), WIDE)  # 79 and 89; the short last line is left out
    assert found == [
        "page 1: lines of running text average 84 characters, as in 'abcd abcd abcd abcd "
        "abcd abcd abcd ab...'; 75 at most read comfortably: narrow the text column, set "
        "two columns, or a larger size"
    ], found


def test_the_measure_is_the_columns_not_one_paragraphs() -> None:
    """A paragraph of long words over 75 beside others well within: the column is fine."""
    found = report(lines(16, 16, 2) + lines(12, 12, 2) + lines(12, 12, 2), WIDE)  # 79, 59
    assert found == [], found


def test_lines_within_the_measure_pass() -> None:
    # A long last line, a table cell and a heading are not running text.
    found = report(lines(15, 15, 40) + "<table><tr><td>" + lines(20, 20, 2, tag="div")
                   + "</td></tr></table>" + lines(20, 20, 2, tag="h2"), WIDE)  # 74, 99
    assert found == [], found


def test_combining_marks_are_not_counted() -> None:
    # "किता" is four code points and two letters as a reader sees them: 20 words make
    # lines of 59 letters (99 code points), 30 words 89 (149).
    assert report(lines(20, 20, 2, word="किता"), WIDE, lang="hi") == []
    found = report(lines(30, 30, 2, word="किता"), WIDE, lang="hi")
    assert len(found) == 1 and "average 89 characters" in found[0], found


# 5. Unfinished text

def test_straight_quotes_are_found() -> None:
    found = report("""<p>The alliance's "members".</p>""")
    assert found == [
        "page 1: 3 straight quotes in the text (as in: The alliance's \"members\".); use "
        "curly quotes and apostrophes (\u2018 \u2019 \u201c \u201d)"
    ], found


def test_quotes_in_urls_and_code_pass() -> None:
    found = report("<p>The alliance\u2019s \u201cmembers\u201d. <span class=url>"
                   "https://e.org/?q='a'</span> <a href='https://e.org/it's'>https://e.org/"
                   "it's</a> <code>x = \"y\"</code></p>")
    assert found == [], found


def test_hyphen_ranges_and_dashes_are_found() -> None:
    found = report("<p>From 2014-2024 the bloc - then larger - grew.</p>")
    assert found == [
        "page 1: a hyphen in the range '2014-2024'; use an en dash (2014\u20132024)",
        "page 1: a hyphen used as a dash (as in: 2014-2024 the bloc - then larger - "
        "grew.); use an en dash with spaces ( \u2013 ) or an em dash (\u2014)",
    ], found


def test_identifiers_and_finished_ranges_pass() -> None:
    found = report("<p>Resolution 59/50, ISBN 978-0-19-953556-9, COVID-19, 5 - 3, "
                   "2014\u20132024, the bloc \u2013 then larger \u2013 grew. "
                   "<span class=url>https://e.org/2014-2024</span></p>")
    assert found == [], found


def test_the_running_heads_and_feet_are_read_too() -> None:
    found = report("<p>Text.</p>", "@page { @bottom-center { content: \"Collins' guide\" } }")
    assert found == ["page 1: 1 straight quote in the text (as in: Collins' guide); use curly "
                     "quotes and apostrophes (\u2018 \u2019 \u201c \u201d)"], found


def test_dates_split_across_lines_are_found() -> None:
    found = report("<p>Signed on 23<br>February 2024 in Moscow.</p>"
                   "<p style='width: 12mm'>On <time>2 December 2004</time> it joined.</p>")
    assert found == [
        "page 1: a date is split across two lines: '2 December 2004', '23 / February'; keep "
        "each date on one line (no-break spaces between day, month and year)"
    ], found


def test_month_names_come_from_the_document_language() -> None:
    found = report("<p>15<br>\u092e\u0908 1992 \u0915\u094b</p>", lang="hi")
    assert found and "'15 / \u092e\u0908'" in found[0], found
    assert report("<p>15<br>\u092e\u0908 1992 \u0915\u094b</p>", lang="en") == []


def test_dates_kept_whole_pass() -> None:
    found = report("<p style='width: 12mm'>On <time>2\u00a0Dec\u00a02004</time> it "
                   "joined 23 members.<br>February was cold.</p>")
    assert found == [], found


# 6. Anything in the footer zone

def test_a_box_in_the_footer_is_found() -> None:
    # 98 mm and two 1 mm borders from the top of a 70 mm text area: 30 mm below it.
    found = report("<div style='height: 98mm; border: 1mm solid; background: #eee'>Summary"
                   "</div>")
    assert found == [
        "page 1: the box around 'Summary' runs 30 mm into the footer, below the text area; "
        "let it break across pages, or make it smaller"
    ], found


def test_a_background_alone_in_the_footer_is_found() -> None:
    found = report("<div style='height: 75mm; background: #eee'></div>")
    assert found == ["page 1: a box runs 5 mm into the footer, below the text area; let it "
                     "break across pages, or make it smaller"], found


def test_boxes_within_the_text_area_pass() -> None:
    found = report("<div style='height: 68mm; border: 1mm solid; background: #eee'>Summary"
                   "</div>")
    assert found == [], found


# 7. Chart text under the minimum

def chart(font_size: str) -> str:
    """A chart 100 units wide drawn 50 mm wide: half a millimetre a unit."""
    return ("<svg xmlns='http://www.w3.org/2000/svg' aria-label='Members' viewBox='0 0 100 20'"
            f" width='50mm' height='10mm'><style>text {{ font-size: {font_size}px }}</style>"
            "<text x='0' y='10'>CSTO 6</text></svg>")


def test_chart_text_smaller_than_the_body_text_is_found() -> None:
    # 4 units are 2 mm, 5.7 pt, under the paragraph's 10 pt.
    found = report("<p>Text.</p>" + chart("4"))
    assert found == [
        "page 1: text in the chart 'Members' prints at 5.7 pt, under 10.0 pt (the smallest "
        "text of the sheet); make the chart's text at least 10.0 pt"
    ], found


def test_chart_text_under_8_pt_is_found_beside_small_body_text() -> None:
    # 5 units are 2.5 mm, 7.1 pt: above the 6 pt text, under the 8 pt floor.
    found = report("<p style='font-size: 6pt'>Text.</p>" + chart("5"))
    assert found == [
        "page 1: text in the chart 'Members' prints at 7.1 pt, under 8.0 pt (the least a "
        "chart may print); make the chart's text at least 8.0 pt"
    ], found


def test_chart_text_as_large_as_the_body_text_passes() -> None:
    assert report("<p>Text.</p>" + chart("8")) == []  # 4 mm, 11.3 pt


def test_chart_text_is_judged_by_the_smallest_text_of_the_whole_sheet() -> None:
    """A chart on a page of large text may be as small as the small print elsewhere."""
    small_print = "<p style='font-size: 9pt'>Small print.</p>"
    assert report(small_print + "<p style='break-before: page'>Text.</p>" + chart("7")) == []
    assert report("<p style='break-before: page'>Text.</p>" + chart("7")) != []


def test_a_finished_page_passes() -> None:
    body = ("<h2>Summary</h2><p>The alliance\u2019s six members met from 2014\u20132024 "
            "\u2013 in Moscow \u2013 on <time>23\u00a0February\u00a02024</time>.</p>"
            + chart("8") + "<section data-answers style='break-before: right'><h2>Key</h2>"
            "<p>Answer.</p></section>")
    assert report(body) == []
