"""Text widths read from the bundled fonts' advances."""

from guide.content.measure import width_em


def test_widths_are_the_fonts_own_advances() -> None:
    assert width_em("iiii") == 1.28  # Noto Serif: an i advances 320 of 1000 units
    assert width_em("MMMM") == 3.752
    assert width_em("MMMM", "sans") == 3.628
    # Devanagari from its own face; its vowel signs above and below take no width.
    assert width_em("सामूहिक") == 2.878
    assert width_em("\U0001f600") == 0.6  # no bundled face has it: counted wide
