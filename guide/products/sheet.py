"""Fact sheets: one PDF per topic and audience, `<out>/<topic>-<audience>.pdf`.

A topic with a translation into an audience's `bilingual` language is printed with it,
side by side. An audience with `fit` that runs over its `pages` is printed again a level
lower, down to level 1, until it fits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from guide.content.view import select
from guide.errors import GuideError, Problem, Severity
from guide.pipeline.runner import Document, Request, Run
from guide.pipeline.topics import LoadedTopic, original_of, source_epoch, translation_of
from guide.pipeline.worker import LimitExceeded
from guide.press.pdf import Printed
from guide.source.audience import Audience
from guide.source.resources import Project


@dataclass(frozen=True)
class Job:
    """One PDF to print: a topic for an audience, with its HTML and dating."""

    loaded: LoadedTopic
    audience: Audience
    html: str
    epoch: int
    name: str
    translation: LoadedTopic | None = None


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

    def job(self, loaded: LoadedTopic, audience: Audience, project: Project,
            translation: LoadedTopic | None = None, fitted: int | None = None) -> Job:
        """The job of printing `loaded` for `audience`; `fitted` is the budget in pages that
        an audience printed at a lower level than its own is fitted to."""
        epoch = source_epoch(loaded.topic)
        dated = dt.datetime.fromtimestamp(epoch, dt.UTC)
        name = audience.file_stem(loaded.id, self.suffix)
        if translation is not None:
            from guide.render.page import render_bilingual

            views = [select(t.topic, audience, t.other) for t in (loaded, translation)]
            html = render_bilingual(views, project, loaded.id, dated)
        else:
            html = self.html(loaded, audience, project, dated, fitted)
        return Job(loaded, audience, html, epoch, name, translation)

    def make(self, topics: list[LoadedTopic], run: Run) -> None:
        todo: list[Job] = []
        for loaded in topics:
            for audience in run.audiences:
                lang = audience.bilingual
                if lang and original_of(loaded.path, lang):
                    continue  # a translation: printed after its topic
                edition = translation_of(loaded.path, lang) if lang and self.translates else None
                translation = run.topics.resolve(edition, run.report) if edition else None
                try:
                    todo.append(self.job(loaded, audience, run.project, translation))
                except GuideError as exc:
                    run.report.problems += exc.problems
                    run.report.failed.append(loaded.path)
        for job, printed, cached in self._press(todo, run):
            target = run.out / f"{job.name}.pdf"
            try:
                if isinstance(printed, GuideError):
                    raise printed
                self._finish(job, printed, target, run)
            except GuideError as exc:
                run.report.problems += exc.problems
                run.report.failed.append(job.loaded.path)
                status = "failed"
            else:
                (run.report.cached if cached else run.report.built).append(target)
                status = "cached" if cached else "built"
            run.progress(target, status)
        order = {f"{job.name}.pdf": i for i, job in enumerate(todo)}
        run.report.built.sort(key=lambda p: order[p.name])
        run.report.cached.sort(key=lambda p: order[p.name])

    def _press(self, todo: list[Job], run: Run
               ) -> Iterator[tuple[Job, Printed | GuideError, bool]]:
        """Each job with its PDF (or why it failed) and whether it came from the cache,
        as each ends; fitting presses an audience again, a level lower at a time."""
        round_ = [(job, job, None) for job in todo]  # (the job, the one printed, its level)
        while round_:
            documents = [Document(job.name, printing.html, job.epoch)
                         for job, printing, _ in round_]
            again = []
            for index, result, cached in run.press(documents):
                job, printing, level = round_[index]
                if isinstance(result, LimitExceeded):
                    result = GuideError([Problem(job.loaded.path,
                                                 f"{job.audience.name}: {result}")])
                if isinstance(result, GuideError):
                    yield job, result, False
                    continue
                if level is not None:
                    result = replace(result, level=level, html=printing.html)
                audience, lower = job.audience, (level or job.audience.level) - 1
                if (self.budgeted and audience.fit and audience.pages
                        and result.pages > audience.pages and lower >= 1
                        and job.translation is None):
                    fitted = self.job(job.loaded, replace(audience, level=lower), run.project,
                                      fitted=audience.pages)
                    again.append((job, fitted, lower))
                    continue
                if level is not None and run.store:  # the next build finds it at once
                    run.store.put(run.key(Document(job.name, job.html, job.epoch)), result)
                yield job, result, cached and level is None
            round_ = again

    def _finish(self, job: Job, printed: Printed, target: Path, run: Run) -> None:
        """Report the sheet's warnings and write it; under `strict` a warning fails it
        unwritten."""
        where, audience = job.loaded.path, job.audience
        warnings = [Problem(where, f"{audience.name}: {message}", severity=Severity.WARNING)
                    for message in printed.messages]
        if self.budgeted and audience.pages and printed.pages > audience.pages:
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
            run.write(target.with_suffix(".html"), (printed.html or job.html).encode())
        run.write(target, printed.data)


PRODUCT = Sheet()
