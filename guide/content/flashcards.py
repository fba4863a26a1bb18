"""Flashcards: cut-out cards, question on the front and answer on the back.

Cards come from the author's questions (those with answers) and from generated practice.
They are printed a sheet at a time: a page of fronts, then a page of backs whose columns
are mirrored, so that printed duplex and flipped on the long edge each answer lands behind
its question.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup

from guide.content.marks import inline
from guide.content.practice import ARROW, BLANK, LETTERS, PracticeItem, can_generate, generate
from guide.content.writing import blank_em
from guide.source.audience import Audience
from guide.source.model import Topic
from guide.source.paper import MM_PER_PT, PAPERS

# The margin around the cards, and the grid per paper (portrait).
MARGIN_MM = 10.0
GENERATED = 16  # generated cards added to the author's
PADDING_MM = 12.0  # a card's padding, left and right together (styles/base.css, .card)
CHAR_EM = 0.6  # a generous average width of a character of the card text, in ems
CENTRED_LINES = 2  # text of up to two lines is centred; longer text is set left, as read


@dataclass(frozen=True)
class Card:
    """One card: its number, both faces as HTML, and whether guide made it."""

    number: int
    front: Markup
    back: Markup
    generated: bool
    front_width: float = 0.0  # in characters: see _width
    back_width: float = 0.0


def _width(face: Markup, blanks: tuple[str, ...] = ()) -> float:
    """How many characters wide a face's text runs, a blank counted as the characters its
    width would hold; a face that lists items counts as long."""
    if "<ol" in face:
        return math.inf
    return len(face.striptags()) + sum(blank_em(b) / CHAR_EM for b in blanks)


@dataclass(frozen=True)
class Placed:
    """A card on a sheet: its row and column on the front, and the column of its back."""

    card: Card
    row: int
    column: int
    back_column: int
    front_long: bool = False
    back_long: bool = False


@dataclass(frozen=True)
class Layout:
    """The card grid for a paper: columns, rows and each card's size in mm."""

    columns: int
    rows: int
    width: float
    height: float
    font_points: float = 11.0

    @classmethod
    def for_audience(cls, audience: Audience) -> Layout:
        width, height = audience.paper_mm
        columns, rows = PAPERS[audience.paper].cards
        if audience.orientation == "landscape":
            columns, rows = rows, columns
        return cls(columns, rows, (width - 2 * MARGIN_MM) / columns,
                   (height - 2 * MARGIN_MM) / rows, audience.font_points)

    @property
    def chars_per_line(self) -> float:
        """About how many characters of card text fit on a line."""
        return (self.width - PADDING_MM) / (self.font_points * MM_PER_PT * CHAR_EM)

    def long(self, width: float) -> bool:
        """Whether text this many characters wide runs past two lines: set left, not centred."""
        return width > CENTRED_LINES * self.chars_per_line

    def sheets(self, cards: list[Card]) -> list[list[Placed]]:
        """Cards a sheet at a time, each with its place on the front and on the back."""
        per_sheet = self.columns * self.rows
        return [
            [Placed(card, i // self.columns, i % self.columns,
                    self.columns - 1 - i % self.columns,
                    self.long(card.front_width), self.long(card.back_width))
             for i, card in enumerate(cards[start:start + per_sheet])]
            for start in range(0, len(cards), per_sheet)
        ]


def cards(topic: Topic, visible: Topic, other: Topic | None) -> list[Card]:
    """The author's questions that have answers (as the audience sees them, `visible`),
    then generated practice from the whole `topic`."""
    made = [(inline(q.q), inline(q.a), False, ()) for q in visible.questions if q.a]
    if can_generate(topic):
        for found in generate(topic, other, exclude=topic.practice.exclude, limit=GENERATED):
            item = found.finished(topic.lang)
            made.append((_front(item), _back(item), True, item.blanks))
    return [Card(n, front, back, generated, _width(front, blanks), _width(back))
            for n, (front, back, generated, blanks) in enumerate(made, start=1)]


def _front(item: PracticeItem) -> Markup:
    """A generated question: blanks as wide as their answers; choices after it, lettered, and
    events to order one to a line."""
    parts = item.prompt.split(BLANK)
    front = Markup.escape(parts[0])
    for answer, part in zip(item.blanks, parts[1:], strict=True):
        front += Markup('<span class="blank" style="width: {}em"></span>{}').format(
            blank_em(answer), part)
    if item.kind == "order":
        front += _lettered(item.choices)
    elif item.choices:
        front += Markup('<span class="card-choices">{}</span>').format(Markup(" ").join(
            Markup('<span class="card-choice"><b>{})</b>\u00a0{}</span>').format(LETTERS[i], c)
            for i, c in enumerate(item.choices)))
    return front


def _back(item: PracticeItem) -> Markup:
    """A generated answer as the key gives it; for events, their letters in order, then the
    events themselves in that order."""
    if item.kind != "order":
        return Markup.escape(item.key)
    events = item.answer.split(ARROW)
    return Markup.escape(item.key) + _lettered(events, [item.choices.index(e) for e in events])


def _lettered(texts: tuple[str, ...] | list[str], letters: list[int] | None = None) -> Markup:
    """Items one to a line, each with its letter (a, b, c... unless `letters` says which)."""
    indexes = letters if letters is not None else range(len(texts))
    return Markup('<ol class="card-list">{}</ol>').format(Markup("").join(
        Markup('<li><b class="card-letter">{})</b> {}</li>').format(LETTERS[i], text)
        for i, text in zip(indexes, texts, strict=True)))
