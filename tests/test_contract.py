"""Topics written only against the contract build with every part in place."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from guide.cli import main

from pdftools import pdf_text, squash

HERE = Path(__file__).resolve().parent / "contract"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The contract topics built with the CLI, with --html; returns out/ and stderr."""
    root = tmp_path_factory.mktemp("contract")
    shutil.copytree(HERE, root / "data")
    out = root / "out"
    result = CliRunner().invoke(
        main, ["build", str(root / "data"), "-o", str(out), "--html", "--no-cache"]
    )
    assert result.exit_code == 0, result.output
    return out, result.stderr


def test_every_part_is_printed(built: tuple[Path, str]) -> None:
    out, _ = built
    text = squash(" ".join(pdf_text(out / "treaty-classroom.pdf")))
    for words in [
        "Treaty of Example", "A made-up treaty for testing", "In the news", "Geneva",
        "Summary", "Signed in 1990 by four states", "Its dispute clause is Article 9",
        "Key facts", "Alpha, Beta, Gamma, Delta", "Origins", "A second paragraph",
        "Negotiators", "Ann", "Plain point", "Timeline", "15 March 1990", "March 1990",
        "TOE and the Pact compared", "Vienna", "Article 12", "Study questions",
        "When was the treaty signed?", "Sources", "Treaty text", "Example Archive",
        "Answer key", "On 15 March 1990.",
    ]:
        assert squash(words) in text, words
    assert squash("Deep detail for teachers only") not in text  # level 3 > classroom's 2


def test_scalars_print_as_typed(built: tuple[Path, str]) -> None:
    out, _ = built
    html = (out / "treaty-classroom.html").read_text()
    assert "<td>No</td>" in html.replace("\n", "")
    assert "1.10" in html
    assert "<td>1990</td>" in html.replace("\n", "")


def test_timeline_order_and_precision(built: tuple[Path, str]) -> None:
    out, _ = built
    text = " ".join(pdf_text(out / "treaty-classroom.pdf"))
    order = [text.index(s) for s in ("Final round of talks", "Treaty signed.",
                                      "Entered into force", "Review conference")]
    assert order == sorted(order)


def test_missing_aspect_is_an_em_dash_and_a_warning(built: tuple[Path, str]) -> None:
    out, stderr = built
    text = " ".join(pdf_text(out / "treaty-classroom.pdf"))
    assert "Parties" in text and "\u2014" in text
    assert "treaty.yaml" in stderr and "Parties" in stderr and "warning" in stderr


def test_check_passes_with_only_the_contract_warnings(tmp_path: Path) -> None:
    shutil.copytree(HERE, tmp_path / "data")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "data")])
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line]
    assert all(": warning: " in line for line in warnings)
    [aspect] = [line for line in warnings if "comparison.aspects[2]" in line]
    assert "Parties" in aspect and "treaty.yaml:54:" in aspect
    # The linter's: the pact is undated and unsourced, the treaty's facts are old.
    others = sorted(line.split(": warning: ")[1][:22] for line in warnings if line != aspect)
    assert others == ["as_of: facts last chec", "no as_of: readers cann", "no sources: say where "]
