"""Stage 3: an audience's level filters every list of a topic, at any depth."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from guide.api import load_topic
from guide.content.view import View, select
from guide.source.audience import load_audience
from guide.source.model import Point, Topic
from guide.source.resources import Project

TOPIC = """\
title: T
summary:
  - one
  - {text: two, level: 2}
  - {text: three, level: 3}
facts:
  - {label: F1, value: a}
  - {label: F2, value: [x, {text: y2, level: 2}], level: 1}
  - {label: F3, value: b, level: 3}
sections:
  - heading: S1
    points:
      - text: p1
        points:
          - q1
          - text: q2
            level: 2
            points: [r1, {text: r3, level: 3}]
      - {text: p3, level: 3}
  - {heading: S3, text: hidden, level: 3}
timeline:
  - {date: 2001, event: e1}
  - {date: 2000, event: e2, level: 2}
  - {date: 1999, event: e3, level: 3}
questions:
  - {q: 'q1?', a: a1}
  - {q: 'q3?', a: a3, level: 3}
"""


@pytest.fixture
def topic(tmp_path: Path) -> Topic:
    (tmp_path / "t.yaml").write_text(TOPIC)
    return load_topic(tmp_path / "t.yaml")


def view(topic: Topic, level: int, variant: str = "student") -> View:
    project = Project(Path.cwd())
    audience = load_audience("classroom", project)
    return select(topic, replace(audience, level=level, variant=variant))


def texts(points: list[Point]) -> list:
    return [(p.text, texts(p.points)) for p in points]


def test_level_1_keeps_only_level_1_everywhere(topic: Topic) -> None:
    seen = view(topic, 1).topic
    assert [i.text for i in seen.summary] == ["one"]
    assert [(f.label, f.text) for f in seen.facts] == [("F1", "a"), ("F2", "x")]
    assert [s.heading for s in seen.sections] == ["S1"]
    assert texts(seen.sections[0].points) == [("p1", [("q1", [])])]
    assert [e.event for e in seen.timeline] == ["e1"]
    assert [q.q for q in seen.questions] == ["q1?"]


def test_level_2_adds_level_2_and_sorts_the_timeline(topic: Topic) -> None:
    seen = view(topic, 2).topic
    assert [i.text for i in seen.summary] == ["one", "two"]
    assert seen.facts[1].text == "x, y2"
    assert texts(seen.sections[0].points) == [("p1", [("q1", []), ("q2", [("r1", [])])])]
    assert [e.event for e in seen.timeline] == ["e2", "e1"]


def test_level_3_keeps_everything(topic: Topic) -> None:
    seen = view(topic, 3).topic
    assert len(seen.summary) == 3 and len(seen.facts) == 3 and len(seen.sections) == 2
    assert [e.event for e in seen.timeline] == ["e3", "e2", "e1"]
    assert texts(seen.sections[0].points)[0][1][1] == ("q2", [("r1", []), ("r3", [])])


@pytest.mark.parametrize(
    ("variant", "parts_have_questions", "inline", "key"),
    [("student", True, False, True), ("teacher", True, True, False),
     ("none", False, False, False)],
)
def test_variants(topic: Topic, variant: str, parts_have_questions: bool, inline: bool,
                  key: bool) -> None:
    seen = view(topic, 3, variant)
    assert ("questions" in seen.parts) is parts_have_questions
    assert seen.answers_inline is inline
    assert seen.answer_key is key
