"""Three realistic topics of very different sizes (tests/topics/: a tiny treaty, the
African Union, the European Union) pass `guide check --strict` and print every fact
label and timeline year they hold for the classroom."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from guide.api import build, check
from guide.source.resources import Project

from pdftools import pdf_text, squash

REPO = Path(__file__).resolve().parent.parent
TOPICS = Path(__file__).resolve().parent / "topics"
NAMES = ["antarctic-treaty", "au", "eu"]
# Within twelve months of every topic's as_of, so staleness never depends on the date.
TODAY = dt.date(2025, 12, 1)


def read_yaml(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def classroom_level() -> int:
    """The deepest level the classroom audience prints, from its file (else the default's)."""
    audiences = REPO / "styles" / "audiences"
    return int(read_yaml(audiences / "classroom.yaml").get("level")
               or read_yaml(audiences / "default.yaml")["level"])


def printed(items: list[dict[str, Any]], level: int) -> list[dict[str, Any]]:
    return [item for item in items if item.get("level", 1) <= level]


def test_the_three_topics_are_what_their_readme_promises() -> None:
    sizes = {name: read_yaml(TOPICS / f"{name}.yaml") for name in NAMES}
    assert [len(sizes[n].get("facts", [])) for n in NAMES] == [3, 13, 30]
    assert [len(sizes[n].get("timeline", [])) for n in NAMES] == [3, 12, 40]


def test_check_strict_finds_nothing_in_any_audience() -> None:
    report = check([TOPICS], ["all"], today=TODAY, project=Project(REPO))
    assert not report.failed
    assert [str(p) for p in report.problems] == []


@pytest.fixture(scope="module")
def classroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three topics built once for the classroom, strictly: a warning fails the build."""
    out = tmp_path_factory.mktemp("new-topics")
    report = build([TOPICS], ["classroom"], out, strict=True, cache=False, today=TODAY,
                   project=Project(REPO))
    assert report.ok, [str(p) for p in report.problems]
    return out


@pytest.mark.parametrize("name", NAMES)
def test_the_sheet_prints_its_title_fact_labels_and_years(classroom: Path, name: str) -> None:
    topic = read_yaml(TOPICS / f"{name}.yaml")
    level = classroom_level()
    text = squash(" ".join(pdf_text(classroom / f"{name}-classroom.pdf")))
    expected = [topic["title"]]
    expected += [fact["label"] for fact in printed(topic.get("facts", []), level)]
    expected += [str(event["date"])[:4] for event in printed(topic["timeline"], level)]
    missing = [words for words in expected if squash(words) not in text]
    assert missing == []
