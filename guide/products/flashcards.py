"""Flashcards: cut-out cards, question on the front and answer on the back, printed
duplex (long edge); `<out>/<topic>-<audience>-flashcards.pdf`. See
`guide.content.flashcards` for the cards and their layout."""

from __future__ import annotations

import datetime as dt

from guide.content.view import View, select
from guide.pipeline.topics import LoadedTopic
from guide.products.sheet import Sheet
from guide.source.audience import Audience
from guide.source.resources import Project


class Flashcards(Sheet):
    name = "flashcards"
    suffix = "flashcards"
    translates = False
    budgeted = False  # as many sheets of cards as the topic has facts

    def made_of(self, loaded: LoadedTopic, views: list[View]) -> object:
        """The cards are drawn from the whole topic and the one it compares with."""
        return views, loaded.topic, loaded.other

    def html(self, loaded: LoadedTopic, audience: Audience, project: Project,
             dated: dt.datetime, fitted: int | None = None) -> str:
        from guide.content.flashcards import MARGIN_MM, Layout, cards
        from guide.render.page import render_html

        view = select(loaded.topic, audience, loaded.other)
        layout = Layout.for_audience(audience)
        return render_html(
            view, project, loaded.id, dated, "flashcards.html", layout=layout,
            margin=MARGIN_MM, sheets=layout.sheets(cards(loaded.topic, view.topic, loaded.other)),
        )


PRODUCT = Flashcards()
