"""`guide new` and `guide check` as a linter: a new topic builds at once and lists what is
left to fill; stale facts, missing sources and answers, a summary too long for its box;
--strict and --format json."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from guide.api import build, check
from guide.cli import main
from guide.source.resources import Project
from guide.source.skeleton import new_topic

CONTRACT = Path(__file__).resolve().parent / "contract"
TODAY = dt.date(2026, 11, 29)


def messages(folder: Path, *names: str, today: dt.date = TODAY) -> list[str]:
    report = check([folder / "data" / n for n in names] or [folder / "data"], today=today,
                   project=Project(folder))
    assert not report.errors, report.errors
    return [f"{p.path}: {p.message}" for p in report.warnings]


def test_a_new_topic_builds_and_lists_only_what_is_left_to_fill(tmp_path: Path) -> None:
    path = new_topic("Treaty of Rome: the EEC (1957)", tmp_path / "data", TODAY)
    assert path.name == "treaty-of-rome-the-eec-1957.yaml"
    found = messages(tmp_path)
    assert found and all("still to fill" in m for m in found)
    assert any(m.startswith("summary[0]") for m in found)
    report = build([path], ["classroom"], tmp_path / "out", cache=False,
                   project=Project(tmp_path))
    assert report.ok and report.built


def test_new_never_overwrites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    first = CliRunner().invoke(main, ["new", "Pact of Steel"])
    assert first.exit_code == 0 and (tmp_path / "data" / "pact-of-steel.yaml").is_file()
    (tmp_path / "data" / "pact-of-steel.yaml").write_text("title: Mine\nsummary: [kept]\n")
    again = CliRunner().invoke(main, ["new", "Pact of Steel"])
    assert again.exit_code == 1 and "not overwritten" in again.output
    assert "kept" in (tmp_path / "data" / "pact-of-steel.yaml").read_text()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(CONTRACT, tmp_path / "data")
    return tmp_path


def test_stale_facts_are_flagged_after_the_configured_months(folder: Path) -> None:
    treaty = folder / "data" / "treaty.yaml"
    treaty.write_text(treaty.read_text().replace('as_of: "2023-06-01"', "as_of: 2024-01-15"))
    assert ("as_of: facts last checked 34 months ago (15 January 2024); check "
            "them again (the limit, 12 months, is check.stale_months in guide.yaml)"
            in messages(folder, "treaty.yaml"))
    (folder / "guide.yaml").write_text("check: {stale_months: 48}\n")
    assert not any(m.startswith("as_of") for m in messages(folder, "treaty.yaml"))


@pytest.mark.parametrize(
    ("as_of", "today", "said"),
    [
        ("2025-11-27", dt.date(2026, 12, 2), "12 months"),  # not "13 months"
        ("2025-12-01", dt.date(2026, 12, 2), "12 months"),
        ("2025-12-02", dt.date(2026, 12, 2), None),  # twelve months to the day: still fresh
        ("2025-01-31", dt.date(2026, 2, 28), "13 months"),  # to the month's last day
        ("2025-11", dt.date(2026, 12, 2), "13 months"),  # from the month's first
        ("2024", dt.date(2025, 3, 1), "14 months"),  # from 1 January
    ],
)
def test_the_age_of_facts_is_counted_in_days_and_said_in_whole_months(
        folder: Path, as_of: str, today: dt.date, said: str | None) -> None:
    (folder / "data" / "dated.yaml").write_text(
        f"title: Dated\nas_of: {as_of}\nsummary: [x]\nsources: [{{title: S}}]\n")
    found = [m for m in messages(folder, "dated.yaml", today=today) if m.startswith("as_of")]
    assert found == ([f"as_of: facts last checked {said} ago ({as_of_shown(as_of)}); check "
                      "them again (the limit, 12 months, is check.stale_months in guide.yaml)"]
                     if said else [])


def as_of_shown(as_of: str) -> str:
    return {"2025-11-27": "27 November 2025", "2025-12-01": "1 December 2025",
            "2025-01-31": "31 January 2025", "2025-11": "November 2025", "2024": "2024"}[as_of]


def test_today_can_be_given_so_a_check_says_the_same_on_any_day(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder)
    (folder / "data" / "dated.yaml").write_text(
        "title: Dated\nas_of: 2025-12-02\nsummary: [x]\nsources: [{title: S}]\n")
    fresh = CliRunner().invoke(main, ["check", "data/dated.yaml", "--strict",
                                      "--today", "2026-12-02"])
    assert (fresh.exit_code, fresh.stdout, fresh.stderr) == (0, "all valid\n", "")
    stale = CliRunner().invoke(main, ["check", "data/dated.yaml", "--strict",
                                      "--today", "2026-12-03"])
    assert stale.exit_code == 1
    assert stale.stderr == ("data/dated.yaml:2:1: warning: as_of: facts last checked 12 months "
                            "ago (2 December 2025); check them again (the limit, 12 "
                            "months, is check.stale_months in guide.yaml)\n")
    wrong = CliRunner().invoke(main, ["check", "data/dated.yaml", "--today", "2 December"])
    assert wrong.exit_code == 2
    assert "expected a date as YYYY-MM-DD, got '2 December'" in wrong.stderr


def test_a_build_warns_as_check_does_and_strict_fails_on_it(folder: Path) -> None:
    """The same warnings in both commands; `lint=False` (as in `check`) leaves them out."""
    bare = folder / "data" / "bare.yaml"
    bare.write_text("title: Bare\nsummary: [x]\n")
    out, project = folder / "out", Project(folder)
    strict = build([bare], ["classroom"], out, strict=True, cache=False, project=project)
    assert strict.failed == [bare] and not out.exists()
    assert [p.message for p in strict.errors] == [
        "no as_of: readers cannot tell how current the facts are",
        "no sources: say where the facts come from"]
    printed = build([bare], ["classroom"], out, strict=True, lint=False, cache=False,
                    project=project)
    assert printed.ok and printed.problems == [] and printed.built == [out / "bare-classroom.pdf"]


def test_missing_sources_answers_and_a_long_summary(folder: Path) -> None:
    (folder / "data" / "bare.yaml").write_text(
        "title: Bare\nas_of: 2026-10-01\nsummary:\n"
        + "".join(f"  - {'A long point that goes on. ' * 25}\n" for _ in range(8))
        + "questions:\n  - q: Why?\n")
    found = messages(folder, "bare.yaml")
    assert ": no sources: say where the facts come from" in found
    assert "questions[0]: a question without an answer (a:)" in found
    assert any(m.startswith("summary: the summary would fill about") for m in found)


def test_strict_and_json(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder)
    (folder / "data" / "bare.yaml").write_text("title: Bare\nas_of: 2026-10-01\nsummary: [x]\n")
    assert CliRunner().invoke(main, ["check", "data/bare.yaml"]).exit_code == 0
    assert CliRunner().invoke(main, ["check", "data/bare.yaml", "--strict"]).exit_code == 1
    result = CliRunner().invoke(main, ["check", "data", "--format", "json"])
    report = json.loads(result.stdout)
    assert report["ok"] is True and report["errors"] == 0 and report["warnings"] >= 1
    bare = [p for p in report["problems"] if p["file"].endswith("bare.yaml")]
    assert {"line", "column", "key", "severity", "message"} <= set(bare[0])
    assert bare[0]["severity"] == "warning"
    (folder / "data" / "broken.yaml").write_text("title: Broken\n")
    result = CliRunner().invoke(main, ["check", "data", "--format", "json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 1 and report["ok"] is False
    assert any(p["severity"] == "error" and p["key"] == "summary" for p in report["problems"])


def test_a_summary_is_measured_in_its_font_not_counted_in_letters(folder: Path) -> None:
    """Equally many letters: narrow ones fit in the box, wide ones overflow it."""
    for name, letter in (("narrow", "il "), ("wide", "MW ")):
        (folder / "data" / f"{name}.yaml").write_text(
            "title: Width\nas_of: 2026-10-01\nsources: [{title: S}]\nsummary:\n"
            + "".join(f"  - {letter * 60}\n" for _ in range(8)))
    assert not any(m.startswith("summary:") for m in messages(folder, "narrow.yaml"))
    assert [m for m in messages(folder, "wide.yaml") if m.startswith("summary:")] == [
        "summary: the summary would fill about 90% of a page (A4, 11pt); keep its box under "
        "half a page"]
