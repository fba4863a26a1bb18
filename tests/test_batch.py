"""Batch builds: the cache, parallel workers, progress lines and the closing summary."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from guide.api import build
from guide.cli import main
from guide.source.resources import Project

CONTRACT = Path(__file__).resolve().parent / "contract"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    shutil.copytree(CONTRACT, tmp_path / "data")
    return Project(tmp_path)


def run(project: Project, **options: object):
    return build([project.root / "data"], ["classroom"], project.root / "out",
                 project=project, **options)


def test_unchanged_sheets_come_from_the_cache(project: Project) -> None:
    first = run(project)
    assert len(first.built) == 2 and first.cached == []
    pdfs = {p: p.read_bytes() for p in first.built}
    for path in pdfs:
        path.unlink()
    second = run(project)
    assert second.built == [] and sorted(second.cached) == sorted(pdfs)
    assert all(path.read_bytes() == data for path, data in pdfs.items())
    assert run(project, cache=False).built == first.built


def test_a_damaged_cache_entry_is_laid_out_again_never_printed(project: Project) -> None:
    first = run(project)
    good = {p: p.read_bytes() for p in first.built}
    entry, other = sorted((project.root / ".guide-cache").glob("*.entry"))
    whole = entry.read_bytes()
    check = whole.partition(b"\n")[0]
    flipped = bytearray(whole)
    flipped[-10] ^= 0x01  # one bit of the PDF, inside a stream
    damages = {  # a full disk or a killed copy, another sheet's bytes, a bit gone bad
        "truncated": lambda: entry.write_bytes(whole[: len(whole) // 2]),
        "other sheet's": lambda: entry.write_bytes(check + b"\n" + other.read_bytes()[65:]),
        "one bit flipped": lambda: entry.write_bytes(bytes(flipped)),
        "empty": lambda: entry.write_bytes(b""),
    }
    for damage, do in damages.items():
        do()
        again = run(project)
        assert (len(again.built), len(again.cached)) == (1, 1), (damage, again.problems)
        assert all(path.read_bytes() == data for path, data in good.items()), damage
        assert entry.read_bytes() == whole, damage  # the entry is whole again


@pytest.mark.parametrize(
    ("change", "rebuilt"),
    [
        (("data/pact.yaml", "subtitle: The other side\n"), {"pact"}),
        (("data/treaty.yaml", "author: Someone\n"), {"treaty"}),
        (("styles/themes/classroom.css", ":root { --color-accent: #222222; }\n"),
         {"pact", "treaty"}),
        (("templates/parts/summary.html", "<p>mine</p>\n"), {"pact", "treaty"}),
    ],
)
def test_a_change_rebuilds_what_it_affects(project: Project, change: tuple[str, str],
                                           rebuilt: set[str]) -> None:
    run(project)
    name, text = change
    path = project.root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as file:  # appending keeps the topic files valid
        file.write(text)
    report = run(project)
    assert {p.stem.removesuffix("-classroom") for p in report.built} == rebuilt


def test_a_change_to_the_compared_topic_rebuilds_both(project: Project) -> None:
    run(project)
    pact = project.root / "data" / "pact.yaml"
    pact.write_text(pact.read_text().replace("value: 1975", "value: 1976"))
    assert {p.name for p in run(project).built} == {"pact-classroom.pdf", "treaty-classroom.pdf"}


def test_warnings_are_replayed_from_the_cache(project: Project) -> None:
    first = run(project)
    second = run(project)
    assert second.cached and [str(p) for p in second.warnings] == [
        str(p) for p in first.warnings]
    assert second.warnings, "the contract topics warn about a missing aspect"


def test_parallel_and_serial_builds_give_the_same_bytes(project: Project, tmp_path: Path) -> None:
    one = build([project.root / "data"], ["classroom", "teacher"], tmp_path / "one",
                project=project, jobs=1, cache=False)
    two = build([project.root / "data"], ["classroom", "teacher"], tmp_path / "two",
                project=project, jobs=2, cache=False)
    assert [p.name for p in one.built] == [p.name for p in two.built]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(one.built, two.built,
                                                                strict=True))


def test_progress_lines_and_summary(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project.root)
    first = CliRunner().invoke(main, ["build", "-j", "2"])
    assert first.exit_code == 0
    lines = first.stdout.splitlines()
    assert sorted(lines[:2]) == [f"built {Path('out') / name}" for name in (
        "pact-classroom.pdf", "treaty-classroom.pdf")]
    assert lines[-1].startswith("2 built, 0 cached, 0 failed in ")
    again = CliRunner().invoke(main, ["build"])
    assert again.stdout.splitlines()[-1].startswith("0 built, 2 cached, 0 failed in ")
    forced = CliRunner().invoke(main, ["build", "--no-cache"])
    assert forced.stdout.splitlines()[-1].startswith("2 built, 0 cached, 0 failed in ")
