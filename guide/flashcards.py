"""Flashcards: cut-out cards, question on the front and answer on the back.

Cards come from the author's questions (those with answers) and from generated practice.
They are printed a sheet at a time: a page of fronts, then a page of backs whose columns
are mirrored, so that printed duplex and flipped on the long edge each answer lands behind
its question.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from guide.audience import Audience
from guide.marks import inline
from guide.model import Topic
from guide.practice import can_generate, generate

# The margin around the cards, and the grid per paper (portrait).
MARGIN_MM = 10.0
GRID = {"A4": (2, 4), "Letter": (2, 4), "Legal": (2, 5), "A5": (2, 3), "half-letter": (2, 3)}
GENERATED = 16  # generated cards added to the author's


@dataclass(frozen=True)
class Card:
    """One card: its number, both faces as HTML, and whether guide made it."""

    number: int
    front: Markup
    back: Markup
    generated: bool


@dataclass(frozen=True)
class Placed:
    """A card on a sheet: its row and column on the front, and the column of its back."""

    card: Card
    row: int
    column: int
    back_column: int


@dataclass(frozen=True)
class Layout:
    """The card grid for a paper: columns, rows and each card's size in mm."""

    columns: int
    rows: int
    width: float
    height: float

    @classmethod
    def for_audience(cls, audience: Audience) -> Layout:
        width, height = audience.paper_mm
        columns, rows = GRID[audience.paper]
        if audience.orientation == "landscape":
            columns, rows = rows, columns
        return cls(columns, rows, (width - 2 * MARGIN_MM) / columns,
                   (height - 2 * MARGIN_MM) / rows)

    def sheets(self, cards: list[Card]) -> list[list[Placed]]:
        """Cards a sheet at a time, each with its place on the front and on the back."""
        per_sheet = self.columns * self.rows
        return [
            [Placed(card, i // self.columns, i % self.columns,
                    self.columns - 1 - i % self.columns)
             for i, card in enumerate(cards[start:start + per_sheet])]
            for start in range(0, len(cards), per_sheet)
        ]


def cards(topic: Topic, visible: Topic, other: Topic | None) -> list[Card]:
    """The author's questions that have answers (as the audience sees them, `visible`),
    then generated practice from the whole `topic`."""
    made = [(inline(q.q), inline(q.a), False) for q in visible.questions if q.a]
    if can_generate(topic):
        for found in generate(topic, other, exclude=topic.practice.exclude, limit=GENERATED):
            item = found.finished(topic.lang)
            front = Markup.escape(item.prompt)
            if item.choices and item.kind != "order":
                front += Markup('<span class="card-choices">{}</span>').format(
                    " · ".join(item.choices))
            elif item.choices:
                front += Markup('<span class="card-choices">{}</span>').format(
                    Markup("<br>").join(item.choices))
            made.append((front, Markup.escape(item.answer), True))
    return [Card(n, front, back, generated)
            for n, (front, back, generated) in enumerate(made, start=1)]
