"""The command line: outputs, flags and exit statuses beyond bad topic files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from guide.cli import main
from guide.resources import BUILTIN_STYLES

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


def test_default_build_paper_override_and_html(project: Path) -> None:
    result = run("build", "data/pact.yaml", "--paper", "letter", "--html")
    assert result.exit_code == 0, result.output
    pdf = project / "out" / "pact-classroom.pdf"
    box = PdfReader(pdf).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(LETTER, abs=0.5)
    assert (project / "out" / "pact-classroom.html").read_text().startswith("<!DOCTYPE html>")
    assert f"built {Path('out') / 'pact-classroom.pdf'}" in result.stdout


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
