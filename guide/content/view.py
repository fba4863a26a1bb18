"""Stage 3, select: the view of a topic one audience sees (its level, variant and parts)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from guide.content.practice import PracticeItem, can_generate, generate
from guide.source.audience import Audience
from guide.source.model import Point, Topic


@dataclass
class ComparisonTable:
    title: str | None  # None: "<this> and <other> compared", in the topic's language
    this_name: str
    other_name: str
    rows: list[tuple[str, str, str]]
    this_colour: str | None = None  # the colours the topics pin for charts
    other_colour: str | None = None


@dataclass
class View:
    """What one audience sees of one topic: items above its level and unchosen parts removed."""

    topic: Topic
    audience: Audience
    parts: list[str]
    comparison: ComparisonTable | None = None
    answers_inline: bool = False
    answer_key: bool = False
    practice: list[PracticeItem] = field(default_factory=list)


def select(topic: Topic, audience: Audience, other: Topic | None = None) -> View:
    """Filter `topic` for `audience`; `other` is the topic its comparison names."""
    level = audience.level

    def keep(items: list[Any]) -> list[Any]:
        return [i for i in items if i.level <= level]

    def prune(points: list[Point]) -> list[Point]:
        return [p.model_copy(update={"points": prune(p.points)}) for p in keep(points)]

    visible = topic.model_copy(
        update={
            "summary": keep(topic.summary),
            "facts": [f.model_copy(update={"value": keep(f.value)}) for f in keep(topic.facts)],
            "sections": [
                s.model_copy(update={"points": prune(s.points)}) for s in keep(topic.sections)
            ],
            "timeline": sorted(keep(topic.timeline), key=lambda e: e.date.sort_key),
            "questions": keep(topic.questions) if audience.variant != "none" else [],
        }
    )
    table = None
    if topic.comparison is not None and other is not None:
        table = compare(topic, other, level)
    practice = []
    if audience.practice and audience.variant != "none" and can_generate(topic):
        practice = [item.finished(topic.lang) for item in generate(
            topic, other, exclude=topic.practice.exclude, limit=audience.practice)]
    present = {
        "news": bool(visible.in_the_news),
        "summary": bool(visible.summary),
        "facts": bool(visible.facts),
        "sections": bool(visible.sections),
        "timeline": bool(visible.timeline),
        "comparison": table is not None and bool(table.rows),
        "questions": bool(visible.questions),
        "practice": bool(practice),
        "sources": bool(visible.sources),
    }
    parts = [p for p in audience.sections if present[p]]
    return View(
        topic=visible,
        audience=audience,
        parts=parts,
        comparison=table,
        answers_inline=audience.variant == "teacher",
        answer_key=audience.variant == "student" and bool({"questions", "practice"} & {*parts}),
        practice=practice if "practice" in parts else [],
    )


MISSING = "\u2014"


def compare(topic: Topic, other: Topic, level: int = 3) -> ComparisonTable:
    """The comparison table: fact aspects looked up in both topics, then hand-written rows.

    Aspects are named explicitly, so they are looked up whatever their facts' level.
    """
    spec = topic.comparison
    assert spec is not None
    rows: list[tuple[str, str, str]] = []
    for aspect in spec.aspects:
        mine, theirs = topic.fact(aspect), other.fact(aspect)
        rows.append(
            (aspect, mine.text if mine else MISSING, theirs.text if theirs else MISSING)
        )
    rows += [(r.aspect, r.this, r.other) for r in spec.rows if r.level <= level]
    return ComparisonTable(spec.title, topic.name, other.name, rows, topic.colour,
                           other.colour)
