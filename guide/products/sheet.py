"""Fact sheets: one PDF per topic and audience, `<out>/<topic>-<audience>.pdf`.

A topic with a translation into an audience's `bilingual` language is printed with it,
side by side. An audience with `fit` that runs over its `pages` is printed again a level
lower, down to level 1, until it fits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import cached_property

from guide.content.view import View, select
from guide.errors import Problem, Severity
from guide.pipeline.plan import Job, Plan
from guide.pipeline.runner import Document, Request, Run
from guide.pipeline.topics import LoadedTopic, original_of, source_epoch, translation_of
from guide.press.pdf import Printed
from guide.source.audience import Audience
from guide.source.resources import Project


class Sheet:
    """The fact sheet; `Flashcards` (guide.products.flashcards) reuses all but its HTML."""

    name = "sheet"
    suffix = ""  # added to the file name: `<topic>-<audience>-<suffix>.pdf`
    translates = True  # printed beside a translation for a `bilingual` audience
    budgeted = True  # held to the audience's `pages`, and fitted to them

    def refuse(self, request: Request) -> None:
        """A sheet takes no options of its own."""

    def html(self, loaded: LoadedTopic, audience: Audience, project: Project,
             dated: dt.datetime, fitted: int | None = None) -> str:
        from guide.render.page import render_html

        view = select(loaded.topic, audience, loaded.other)
        return render_html(view, project, loaded.id, dated, fitted=fitted)

    def made_of(self, loaded: LoadedTopic, views: list[View]) -> object:
        """What a sheet's HTML is made from, besides the templates and styles: what its
        audience sees of the topic (and of its translation), so that a change it does not
        see (the compared topic's subtitle) finds the sheet in the cache."""
        return views

    def plan(self, topics: list[LoadedTopic], run: Run) -> Plan:
        """A job for each topic and audience, none waiting for another."""
        plan = Plan()
        for loaded in topics:
            for audience in run.audiences:
                lang = audience.bilingual
                if lang and original_of(loaded.path, lang):
                    continue  # a translation: printed after its topic
                edition = translation_of(loaded.path, lang) if lang and self.translates else None
                translation = run.topics.resolve(edition, run.report) if edition else None
                printing = _Printing(self, loaded, audience, translation, run)
                plan.add(Job(
                    f"{loaded.id} for {audience.name}", self.name, self.name, loaded.id,
                    audience.name,
                    audience.paper, run.request.pdf_variant, printing.target,
                    press=printing.press, then=printing.then, source=loaded.path,
                    blame=audience.name))
        return plan


class _Printing:
    """A sheet's job: its HTML (made only when its PDF is not in the cache), fitted to the
    audience's pages a level lower at a time, then checked and written."""

    def __init__(self, sheet: Sheet, loaded: LoadedTopic, audience: Audience,
                 translation: LoadedTopic | None, run: Run) -> None:
        self.sheet, self.loaded, self.audience, self.translation, self.run = (
            sheet, loaded, audience, translation, run)
        self.epoch = source_epoch(loaded.topic)
        self.name = audience.file_stem(loaded.id, sheet.suffix)
        self.target = run.out / f"{self.name}.pdf"
        self.level: int | None = None  # the level it is printed at, where fitted
        self.fitted: Document | None = None

    def html(self, fitted: int | None = None, audience: Audience | None = None) -> str:
        dated = dt.datetime.fromtimestamp(self.epoch, dt.UTC)
        project, audience = self.run.project, audience or self.audience
        if self.translation is not None:
            from guide.render.page import render_bilingual

            views = [select(t.topic, audience, t.other) for t in (self.loaded, self.translation)]
            return render_bilingual(views, project, self.loaded.id, dated)
        return self.sheet.html(self.loaded, audience, project, dated, fitted)

    @cached_property
    def document(self) -> Document:
        editions = [self.loaded, *([self.translation] if self.translation else [])]
        views = [select(t.topic, self.audience, t.other) for t in editions]
        inputs = self.run.inputs(self.sheet.name, self.loaded.id,
                                 self.sheet.made_of(self.loaded, views))
        return Document(self.name, self.html, self.epoch, inputs=inputs)

    def press(self) -> list[Document]:
        return [self.document]

    def then(self, printed: list[Printed]) -> list[Document] | None:
        """Press it again a level lower where it runs over the audience's pages and may
        be fitted (`fit: true`); else report its warnings and write it."""
        result, audience, run = printed[0], self.audience, self.run
        lower = (self.level or audience.level) - 1
        if (self.sheet.budgeted and audience.fit and audience.pages
                and result.pages > audience.pages and lower >= 1 and self.translation is None):
            self.level = lower
            html = self.html(audience.pages, replace(audience, level=lower))
            self.fitted = Document(self.name, html, self.epoch)
            return [self.fitted]
        if self.fitted is not None:
            result = replace(result, level=self.level, html=self.fitted.html)
            if run.store:  # the next build finds it at once
                run.store.put(run.key(self.document), result)
        self._finish(result)
        return None

    def _finish(self, printed: Printed) -> None:
        """Report the sheet's warnings and write it; under `strict` a warning fails it
        unwritten."""
        run, where, audience = self.run, self.loaded.path, self.audience
        warnings = [Problem(where, f"{audience.name}: {message}", severity=Severity.WARNING)
                    for message in printed.messages]
        if self.sheet.budgeted and audience.pages and printed.pages > audience.pages:
            warnings.append(Problem(
                where, f"{audience.name}: {printed.pages} pages, over the audience's "
                f"budget of {audience.pages}", severity=Severity.WARNING))
        run.warn(warnings)
        if printed.level is not None:
            run.report.problems.append(Problem(
                where, f"{audience.name}: printed up to level {printed.level} of "
                       f"{audience.level}, to fit its {audience.pages} pages (fit: true)",
                severity=Severity.NOTE))
        if run.request.html:
            run.write(self.target.with_suffix(".html"),
                      (printed.html or self.document.html).encode())
        run.write(self.target, printed.data)


PRODUCT = Sheet()
