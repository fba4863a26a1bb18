"""The paper table: one row per paper, read by audiences, booklets, imposition and cards."""

from click.testing import CliRunner

from guide.cli import main
from guide.source.paper import CHOOSABLE, PAPERS, sheet_of


def test_imposed_pages_go_two_to_the_sheet_they_halve() -> None:
    assert [PAPERS[p].half for p in CHOOSABLE] == ["A5", "A5", "half-letter", "half-letter"]
    assert sheet_of("A5") == "A4"
    assert sheet_of("half-letter") == "Letter"
    assert PAPERS["A4"].landscape_points == (841.89, 595.28)
    assert PAPERS["Letter"].landscape_points == (792.0, 612.0)


def test_half_letter_is_for_imposition_only() -> None:
    assert CHOOSABLE == ("A4", "A5", "Letter", "Legal")
    result = CliRunner().invoke(main, ["build", "--paper", "half-letter"])
    assert result.exit_code == 2
    assert "'half-letter' is not one of 'a4', 'a5', 'letter', 'legal'" in result.output
