"""A project's own audiences: the example school from a folder never seen, parts and their
order, the `none` variant, overriding a built-in, and `guide audiences`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from guide.cli import main

from pdftools import pdf_text, squash
from samples import copy_samples

REPO = Path(__file__).resolve().parent.parent
SCHOOL = REPO / "docs" / "example-school"
CONTRACT = Path(__file__).resolve().parent / "contract"


@pytest.fixture
def stranger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder the project has never seen, holding the example school's styles and data/."""
    shutil.copytree(SCHOOL / "styles", tmp_path / "styles")
    copy_samples(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_the_example_school_audience_builds_as_described(stranger: Path) -> None:
    result = run("build", "data/csto.yaml", "-a", "hillside", "--strict")
    assert result.exit_code == 0, result.output
    path = stranger / "out" / "csto-hillside.pdf"
    box = PdfReader(path).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((612, 792), abs=0.5)
    text = squash(" ".join(pdf_text(path)))
    assert squash("Its collective defence clause is Article 4") not in text  # level 2 hidden
    assert squash("Answer key") in text  # student variant
    page = pdfium.PdfDocument(path)[0]
    width, height = page.get_size()
    top = page.get_textpage().get_text_bounded(0, height - 50, width, height)
    assert "Hillside School · Year 10 History" in top
    image = page.render(scale=1).to_pil().convert("RGB")
    colours = {rgb for _, rgb in image.getcolors(1 << 20)}
    assert (0x7A, 0x1F, 0x3D) in colours, "the school colour"
    logo = image.crop((int(width * 0.8), 0, int(width), 130))
    assert (0xD9, 0xA5, 0x20) in {rgb for _, rgb in logo.getcolors(1 << 20)}, "the logo"


def test_sections_choose_parts_and_their_order(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(CONTRACT, tmp_path / "data")
    (tmp_path / "styles" / "audiences").mkdir(parents=True)
    (tmp_path / "styles" / "audiences" / "quiz.yaml").write_text(
        "sections: [questions, timeline, summary]\nvariant: none\n")
    (tmp_path / "styles" / "audiences" / "quick.yaml").write_text(
        "sections: [questions, timeline, summary]\nvariant: teacher\n")
    monkeypatch.chdir(tmp_path)
    assert run("build", "data/treaty.yaml", "-a", "quiz", "-a", "quick", "--html").exit_code == 0
    none = (tmp_path / "out" / "treaty-quiz.html").read_text()
    assert 'id="questions"' not in none and 'id="answer-key"' not in none
    assert none.index('id="timeline"') < none.index('id="summary"')
    for part in ("news", "facts", "comparison", "sources"):
        assert f'id="{part}"' not in none
    quick = (tmp_path / "out" / "treaty-quick.html").read_text()
    assert quick.index('id="questions"') < quick.index('id="timeline"') < quick.index(
        'id="summary"')


def test_a_project_audience_replaces_a_builtin_by_name(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "styles" / "audiences").mkdir(parents=True)
    (tmp_path / "styles" / "audiences" / "classroom.yaml").write_text(
        "description: Ours\npaper: Legal\norientation: landscape\n")
    monkeypatch.chdir(tmp_path)
    result = run("audiences")
    assert result.exit_code == 0
    line = next(x for x in result.stdout.splitlines() if x.startswith("classroom "))
    assert "project" in line and "Legal landscape" in line and "Ours" in line
    assert any(x.startswith("large-print ") and "built-in" in x for x in result.stdout.splitlines())


def test_a_bad_audience_file_is_located(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "styles" / "audiences").mkdir(parents=True)
    (tmp_path / "styles" / "audiences" / "odd.yaml").write_text("paper: B5\nlevle: 2\n")
    monkeypatch.chdir(tmp_path)
    result = run("audiences")
    assert result.exit_code == 1
    assert "odd.yaml:1:1: paper: expected 'A4', 'A5', 'Letter' or 'Legal', got 'B5'" in (
        result.stderr)
    assert "odd.yaml:2:1: levle: unknown key 'levle'; did you mean 'level'?" in result.stderr


def test_landscape_and_a5(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(CONTRACT, tmp_path / "data")
    (tmp_path / "styles" / "audiences").mkdir(parents=True)
    (tmp_path / "styles" / "audiences" / "wide.yaml").write_text(
        "paper: A5\norientation: landscape\n")
    pact = tmp_path / "data" / "pact.yaml"  # finished (dated, sourced): --strict checks print
    pact.write_text(pact.read_text() + "as_of: 2026-11-01\nsources: [{title: S}]\n")
    monkeypatch.chdir(tmp_path)
    assert run("build", "data/pact.yaml", "-a", "wide", "--strict").exit_code == 0
    box = PdfReader(tmp_path / "out" / "pact-wide.pdf").pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((595.28, 419.53), abs=0.5)
