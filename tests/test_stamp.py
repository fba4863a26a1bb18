"""A build with nothing to do answers from its stamp without loading a topic; a change to
anything it reads or wrote, or a build that failed, means a real build."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from guide import api
from guide.cli import main

CONTRACT = Path(__file__).resolve().parent / "contract"
AN_HOUR = 3600


def _age(root: Path) -> None:
    """Make every file and folder under `root` an hour old: past the racy second."""
    past = time.time() - AN_HOUR
    for path in [root, *root.rglob("*")]:
        os.utime(path, (past, past))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(CONTRACT, tmp_path / "data")
    _age(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def laid_out(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the build command reached the API (one element per call)."""
    calls: list[int] = []
    real: Callable[..., api.Report] = api.build

    def counted(*args: object, **kwargs: object) -> api.Report:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(api, "build", counted)
    return calls


def build(*args: str) -> Result:
    return CliRunner().invoke(main, ["build", "data", "-a", "classroom", *args])


def test_an_unchanged_rebuild_prints_what_a_full_one_would_without_loading(
        project: Path, laid_out: list[int]) -> None:
    first = build()
    assert first.exit_code == 0, first.output
    pdf = project / "out" / "treaty-classroom.pdf"
    made = pdf.read_bytes()
    again = build()
    assert again.exit_code == 0, again.output
    assert len(laid_out) == 1  # the second answered from the stamp
    assert "cached out/treaty-classroom.pdf" in again.stdout
    assert "cached out/pact-classroom.pdf" in again.stdout
    assert "0 built, 2 cached, 0 failed" in again.stdout
    assert again.stderr == first.stderr  # the same warnings, in the same order
    assert "no fact 'Parties' in Pact" in again.stderr
    assert pdf.read_bytes() == made


def test_an_edited_topic_is_built_again(project: Path, laid_out: list[int]) -> None:
    assert build().exit_code == 0
    topic = project / "data" / "treaty.yaml"
    topic.write_text(topic.read_text().replace("Treaty of Example", "Treaty of Elsewhere"))
    again = build()
    assert again.exit_code == 0, again.output
    assert len(laid_out) == 2
    assert "built out/treaty-classroom.pdf" in again.stdout
    assert "cached out/pact-classroom.pdf" in again.stdout


@pytest.mark.parametrize("change", ["new topic", "lost output", "edited output", "stylesheet",
                                    "guide.yaml"])
def test_any_change_to_what_it_reads_or_wrote_means_a_real_build(
        project: Path, laid_out: list[int], change: str) -> None:
    assert build().exit_code == 0
    out = project / "out" / "treaty-classroom.pdf"
    if change == "new topic":
        shutil.copy(project / "data" / "treaty.yaml", project / "data" / "accord.yaml")
    elif change == "lost output":
        out.unlink()
    elif change == "edited output":
        out.write_bytes(b"%PDF-1.7 not what guide wrote")
    elif change == "stylesheet":
        (project / "styles" / "themes").mkdir(parents=True)
        (project / "styles" / "themes" / "default.css").write_text(":root { --accent: red }")
    else:
        (project / "guide.yaml").write_text("default_audiences: [classroom]\n")
    again = build()
    assert again.exit_code == 0, again.output
    assert len(laid_out) == 2
    assert out.read_bytes().startswith(b"%PDF-") and b"not what guide wrote" not in out.read_bytes()
    if change == "new topic":
        assert "built out/accord-classroom.pdf" in again.stdout


def test_a_failed_build_leaves_no_stamp(project: Path, laid_out: list[int]) -> None:
    assert build("--strict").exit_code == 1  # the contract topics have warnings
    assert build("--strict").exit_code == 1
    assert len(laid_out) == 2
    assert not (project / "out" / ".guide-stamps").exists()


def test_no_cache_is_never_answered_from_a_stamp(project: Path, laid_out: list[int]) -> None:
    assert build().exit_code == 0
    assert build("--no-cache").exit_code == 0
    assert len(laid_out) == 2


def test_a_topic_not_safely_in_the_past_leaves_no_stamp(
        project: Path, laid_out: list[int]) -> None:
    """Saved within the second before the build (a later save could keep the same time),
    or dated ahead of the clock: the next build is a real one."""
    ahead = time.time() + AN_HOUR
    os.utime(project / "data" / "pact.yaml", (ahead, ahead))
    assert build().exit_code == 0
    assert not list((project / "out" / ".guide-stamps").glob("*.json"))
    assert build().exit_code == 0
    assert len(laid_out) == 2
