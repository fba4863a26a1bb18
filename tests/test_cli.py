"""The command line: outputs, flags and exit statuses beyond bad topic files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from guide.cli import main
from guide.source.resources import BUILTIN_STYLES

CONTRACT = Path(__file__).resolve().parent / "contract"
LETTER = (612, 792)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder, the working folder, holding the contract topics in data/."""
    shutil.copytree(CONTRACT, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def test_a_paper_override_writes_its_own_file(project: Path) -> None:
    """--paper letter beside the audience's own A4 sheet: both kept, each on its paper."""
    assert run("build", "data/pact.yaml").exit_code == 0
    a4 = project / "out" / "pact-classroom.pdf"
    before = a4.read_bytes()
    result = run("build", "data/pact.yaml", "--paper", "letter", "--html")
    assert result.exit_code == 0, result.output
    letter = project / "out" / "pact-classroom-letter.pdf"
    box = PdfReader(letter).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(LETTER, abs=0.5)
    assert letter.with_suffix(".html").read_text().startswith("<!DOCTYPE html>")
    assert f"built {Path('out') / 'pact-classroom-letter.pdf'}" in result.stdout
    assert a4.read_bytes() == before
    # The audience's own paper, given: no new name.
    assert run("build", "data/pact.yaml", "--paper", "A4").exit_code == 0
    assert sorted(p.name for p in (project / "out").iterdir() if p.name[0] != ".") == [
        "pact-classroom-letter.html", "pact-classroom-letter.pdf", "pact-classroom.pdf"]


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (["--title", ""], "--title is empty: give it a text, or leave it out"),
        (["--booklet", "", "--school", " "],
         "--booklet and --school are empty: give each a text, or leave them out"),
        (["--duplex", "--class", "10B"],
         "--class and --duplex are only for a booklet: add --booklet NAME, or leave them out"),
        (["--booklet", "b", "--flashcards"],
         "--flashcards is not for a booklet: leave it out, or --booklet"),
        (["--booklet", "b", "--impose", "saddle", "--paper", "legal"],
         "--paper Legal cannot apply with --impose, which prints half-letter pages two to a "
         "Letter sheet: give --paper Letter, or leave --impose out"),
    ],
    ids=["empty title", "empty booklet name", "booklet flags alone", "flashcards booklet",
         "legal imposed"],
)
def test_a_flag_that_cannot_apply_is_a_usage_error_that_says_why(
        project: Path, flags: list[str], said: str) -> None:
    result = run("build", "data", *flags)
    assert (result.exit_code, result.stderr) == (2, said + "\n")
    assert not (project / "out").exists()


def test_strict_means_the_same_in_build_and_check(project: Path) -> None:
    """`build --strict` fails a topic on every warning `check --strict` fails on (and
    writes nothing for it); without --strict, a build shows the same warnings."""
    checked = run("check", "data", "--strict", "--today", "2026-12-02")
    assert checked.exit_code == 1
    warnings = [line.replace(" warning: ", " ", 1) for line in checked.stderr.splitlines()]
    assert len(warnings) == 4  # no as_of, no sources, an aspect missing, stale facts
    strict = run("build", "data", "--strict", "--today", "2026-12-02")
    assert strict.exit_code == 1
    *problems, failed = strict.stderr.splitlines()
    assert sorted(problems) == sorted(warnings)
    assert failed == "failed: data/pact.yaml, data/treaty.yaml"
    assert not (project / "out").exists()
    built = run("build", "data", "--today", "2026-12-02")
    assert built.exit_code == 0
    assert sorted(built.stderr.splitlines()) == sorted(checked.stderr.splitlines())


def test_guide_yaml_chooses_default_audiences(project: Path) -> None:
    (project / "guide.yaml").write_text("default_audiences: [classroom, mine]\n")
    (project / "styles" / "audiences").mkdir(parents=True)
    (project / "styles" / "audiences" / "mine.yaml").write_text("paper: A5\nvariant: none\n")
    result = run("build", "data/pact.yaml")
    assert result.exit_code == 0, result.output
    assert (project / "out" / "pact-classroom.pdf").is_file()
    a5 = PdfReader(project / "out" / "pact-mine.pdf").pages[0].mediabox
    assert float(a5.width) == pytest.approx(419.5, abs=0.5)


def test_all_builds_every_audience_but_the_default_base(project: Path) -> None:
    (project / "styles" / "audiences").mkdir(parents=True)
    (project / "styles" / "audiences" / "mine.yaml").write_text("level: 1\n")
    result = run("build", "data/pact.yaml", "-a", "all", "-o", "x")
    assert result.exit_code == 0, result.output
    builtin = {p.stem for p in (BUILTIN_STYLES / "audiences").glob("*.yaml")} - {"default"}
    assert {p.name for p in (project / "x").glob("*.pdf")} == {
        f"pact-{name}.pdf" for name in builtin | {"mine"}}


def test_a_broken_project_template_is_located_not_a_traceback(project: Path) -> None:
    (project / "templates" / "parts").mkdir(parents=True)
    (project / "templates" / "parts" / "summary.html").write_text("<p>\n{% for x in %}\n")
    result = run("build", "data/pact.yaml")
    assert result.exit_code == 1
    assert "templates/parts/summary.html:2: template error" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert not (project / "out" / "pact-classroom.pdf").exists()


def test_an_empty_folder_is_a_usage_error(project: Path) -> None:
    (project / "empty").mkdir()
    result = run("build", "empty")
    assert result.exit_code == 2
    assert "no topic files" in result.stderr


def test_an_unwritable_output_is_an_error(project: Path) -> None:
    (project / "blocked").write_text("a file where the output folder should be")
    result = run("build", "data/pact.yaml", "-o", "blocked")
    assert result.exit_code == 1
    assert "cannot write" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_theme_names_the_audience_file(project: Path) -> None:
    (project / "styles" / "audiences").mkdir(parents=True)
    (project / "styles" / "audiences" / "odd.yaml").write_text("theme: nosuch\n")
    result = run("build", "data/pact.yaml", "-a", "odd")
    assert result.exit_code == 1
    assert "odd.yaml" in result.stderr and "nosuch" in result.stderr


def test_metadata_has_the_author_when_given(project: Path) -> None:
    topic = (project / "data" / "pact.yaml").read_text() + "author: A. Teacher\ntags: [x, y]\n"
    (project / "data" / "pact.yaml").write_text(topic)
    assert run("build", "data/pact.yaml").exit_code == 0
    meta = PdfReader(project / "out" / "pact-classroom.pdf").metadata
    assert meta.author == "A. Teacher"
    assert meta.title == "Example Pact"
    assert meta["/Keywords"] == "x, y"
