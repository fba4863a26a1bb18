"""Inline marks read by one parser: the HTML and the plain text (PDF metadata, masthead,
practice, chart labels) agree on what is a mark and what prints as typed."""

from __future__ import annotations

import pytest

from guide.content.marks import blanked, inline, plain


@pytest.mark.parametrize(
    ("text", "text_only", "html"),
    [
        # Lone asterisks are arithmetic, not emphasis.
        ("5 * 3 = 15, 2 * 4 = 8", "5 * 3 = 15, 2 * 4 = 8", "5 * 3 = 15, 2 * 4 = 8"),
        # A link to an unsafe scheme is no link: it prints as typed, whole.
        ("[x](javascript:alert(1))", "[x](javascript:alert(1))",
         '<span class="whole">[x](javascript:alert(1))</span>'),
        ("**bold** and *it*", "bold and it", "<strong>bold</strong> and <em>it</em>"),
        ("[NATO](https://www.nato.int)", "NATO", '<a href="https://www.nato.int">NATO</a>'),
        # Code is not one of the three marks, and the contract has no escapes.
        ("`code`", "`code`", "`code`"),
        ("\\*kept\\*", "\\kept\\", "\\<em>kept\\</em>"),
        ("snake_case_name", "snake_case_name", '<span class="whole">snake_case_name</span>'),
        ("1949-2024", "1949\u20132024", "1949\u2013\u20602024"),
    ],
)
def test_plain_text_and_html_read_the_same_marks(text: str, text_only: str, html: str) -> None:
    assert plain(text) == text_only
    assert str(inline(text)) == html


def test_a_cloze_blanks_only_what_prints_bold() -> None:
    assert blanked("The **CSTO** was founded in **2002** in *Moscow*.", "___") == (
        "The ___ was founded in ___ in Moscow.", ("CSTO", "2002"))
    assert blanked("5 ** 3 ** 2 is **big**", "___") == ("5 ** 3 ** 2 is ___", ("big",))
    assert blanked("**[NATO](https://www.nato.int)** grew", "___") == ("___ grew", ("NATO",))
