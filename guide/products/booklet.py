"""Booklets: many topics in one PDF with a cover, contents, continuous page numbers, one
outline and one answer key; optionally imposed two-up for a school printer.

A booklet is printed in parts: the front matter, each topic, the answer key, and pages
that hold only the page numbers. Each part is laid out in its own worker and cached on its
own, so editing one topic of a hundred lays out that topic again (and the few pages that
list or number them), not the other ninety-nine; the parts are then joined as PDFs
(`guide.press.assemble`). No process ever holds the whole booklet's layout, so memory does not
grow with its length.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from guide.content.i18n import language, when
from guide.content.view import select
from guide.errors import GuideError, Problem, Severity, UsageError
from guide.pipeline.runner import Document, Request, Run
from guide.pipeline.topics import LoadedTopic, source_epoch
from guide.pipeline.worker import LimitExceeded, run_limited
from guide.press.pdf import Printed
from guide.source.audience import Audience
from guide.source.model import PartialDate
from guide.source.paper import MM_PER_PT, PAPERS
from guide.source.resources import Project

if TYPE_CHECKING:
    from markupsafe import Markup

IMPOSITIONS = ("saddle", "2up")
NUMBERS_PER_PART = 100  # page numbers printed in one part
MAX_NAMES_AS_TITLE = 4  # a cover without a title lists the topics' names up to this many
# The binding allowance on the inner edge of a bound booklet's pages, in mm, unless
# guide.yaml's booklet: {gutter: ...} says otherwise: stapled or punched at the side
# (printed duplex), or folded and stapled at the spine (saddle).
GUTTER_MM = {"side": 8.0, "saddle": 4.0}


def order_topics(loaded: list[LoadedTopic], order: list[str], explicit: bool
                 ) -> list[LoadedTopic]:
    """Topics as given (files named one by one), else by `order` in guide.yaml, else by title."""
    if explicit:
        return loaded
    rank = {topic_id: i for i, topic_id in enumerate(order)}

    def natural(title: str) -> list[object]:
        # "Topic 2" before "Topic 10"; split() puts the digit runs at odd places only
        parts = re.split(r"(\d+)", title.casefold())
        return [int(part) if part.isdigit() else part for part in parts]

    return sorted(loaded, key=lambda t: (rank.get(t.id, len(rank)), natural(t.topic.title)))


@dataclass(frozen=True)
class Cover:
    """What the cover says, given to `guide build --booklet`: each overrides `booklet:`
    in guide.yaml."""

    title: str | None = None
    subtitle: str | None = None
    school: str | None = None
    subject: str | None = None
    class_name: str | None = None


class Booklet:
    """`<out>/<name>-<audience>.pdf`, one booklet of all the topics per audience. The
    request's options: `name`, `cover` (a Cover), `duplex`, `impose` (saddle or 2up)."""

    name = "booklet"

    def refuse(self, request: Request) -> None:
        impose = request.options.get("impose")
        if impose is not None and impose not in IMPOSITIONS:
            raise UsageError([Problem(None, f"--impose takes {' or '.join(IMPOSITIONS)}")])

    def make(self, topics: list[LoadedTopic], run: Run) -> None:
        if not topics:
            return
        options, config, project = run.request.options, run.config, run.project
        name, impose, duplex = options["name"], options.get("impose"), options.get("duplex")
        given = [Path(p) for p in run.request.paths]
        ordered = order_topics(topics, config.order, all(p.is_file() for p in given))
        given_cover = vars(options.get("cover") or Cover())
        cover = config.booklet.model_dump() | {k: v for k, v in given_cover.items() if v}
        if not cover["title"]:
            cover["title"] = _default_title(ordered, run)
        if config.booklet.logo:
            cover["logo"] = (project.root / config.booklet.logo).resolve().as_uri()
        epoch = max(source_epoch(t.topic) for t in ordered)
        dated = dt.datetime.fromtimestamp(epoch, dt.UTC)
        with language(ordered[0].topic.lang):  # the booklet's language: its first topic's
            cover["date"] = cover["date"] or when(PartialDate(dated.year, dated.month, dated.day))
        binding = "saddle" if impose == "saddle" else "side" if duplex else None
        gutter = 0.0 if binding is None else (
            GUTTER_MM[binding] if config.booklet.gutter is None else config.booklet.gutter)
        for audience in run.audiences:
            if impose:  # pages of half the sheet, turned upright, two to a landscape sheet
                audience = replace(audience, paper=PAPERS[audience.paper].half,
                                   orientation="portrait")
            audience = replace(audience, gutter_mm=gutter)  # charts and writing space
            target = run.out / f"{audience.file_stem(name)}.pdf"
            plan = _Plan(ordered, audience, project, cover, dated, epoch, bool(duplex),
                         binding is not None, gutter)
            try:
                data, cached, html = _Printer(run).booklet(plan, target)
            except UsageError:
                raise  # the build itself cannot go on (such as a refused Dask worker)
            except GuideError as exc:
                run.report.problems += exc.problems
                continue
            if impose:
                from guide.press.impose import impose as lay_two_up

                data = lay_two_up(data, impose, audience.paper)
            if run.request.html:
                run.write(target.with_suffix(".html"), html().encode())
            run.write(target, data)
            (run.report.cached if cached else run.report.built).append(target)


@dataclass
class _Plan:
    """What one audience's booklet holds, and how its parts are rendered."""

    topics: list[LoadedTopic]
    audience: Audience
    project: Project
    cover: dict[str, object]
    dated: dt.datetime
    epoch: int
    duplex: bool
    bound: bool  # printed on both sides and bound: pages come in left and right
    gutter_mm: float  # the binding allowance on each page's inner edge
    views: list = field(init=False)

    def __post_init__(self) -> None:
        self.views = [select(t.topic, self.audience, t.other) for t in self.topics]

    @property
    def meta(self) -> dict[str, object]:
        keywords = [tag for view in self.views for tag in view.topic.tags]
        return {
            "title": self.cover["title"],
            "description": self.cover.get("subtitle") or self.views[0].topic.title,
            "keywords": list(dict.fromkeys(keywords)),
            "author": None,
        }

    @property
    def lang(self) -> str:
        """The booklet's own language (its cover, contents and key): its first topic's."""
        return self.views[0].topic.lang

    def fragment(self, template: str, lang: str | None = None, **context: object) -> Markup:
        from guide.render.page import booklet_part

        return booklet_part(template, self.project, lang or self.lang,
                            audience=self.audience, **context)

    def document(self, *fragments: Markup, lang: str | None = None) -> str:
        """Each part is laid out as if on a page of its own, the gutter split between its
        sides; the pages are moved to the spine's side when put together. A topic's part
        is in its own `lang`, which its tags keep in the booklet."""
        from guide.render.page import booklet_html

        inset = {"--binding-inset": f"{self.gutter_mm / 2:g}mm"} if self.gutter_mm else None
        html_class = "bound" if self.bound else ""
        return booklet_html(list(fragments), self.audience, self.project, self.meta,
                            self.dated, html_class, lang or self.lang, inset)

    def numbers(self, pages: list[int], total: int) -> str:
        """The page numbers of 0-based booklet `pages`, each on a page of its own: at the
        outer edge of a bound booklet ("Page 4"), else at the right ("Page 4 of 19")."""
        numbers = [{"number": page + 1, "side": "left" if self.bound and page % 2 else "right"}
                   for page in pages]
        return self.document(self.fragment("numbers", numbers=numbers, total=total,
                                           bound=self.bound))

    def topic(self, index: int) -> Markup:
        view = self.views[index]
        return self.fragment("topic", view.topic.lang, view=view, topic_id=self.topics[index].id)

    def key(self, starts: list[int]) -> Markup:
        """The answer key, each topic's answers under its name and the page it starts on."""
        entries = [{"view": view, "page": page}  # (the last start is the key's own)
                   for view, page in zip(self.views, starts, strict=False) if view.answer_key]
        return self.fragment("key", entries=entries)

    def front(self, starts: list[int]) -> Markup:
        from guide.content.i18n import _, language

        titles = [view.topic.title for view in self.views]
        if len(starts) > len(titles):
            with language(self.lang):
                titles.append(_("Answer key"))
        contents = [{"title": title, "page": page, "key": i == len(self.views)}
                    for i, (title, page) in enumerate(zip(titles, starts, strict=True))]
        return self.fragment("front", booklet=self.cover, contents=contents)


def _default_title(ordered: list[LoadedTopic], run: Run) -> str:
    """The topics' names, for a cover nobody gave a title; none (and a warning, an error
    when `strict`) for more than four."""
    names = [t.topic.name for t in ordered]
    if len(names) <= MAX_NAMES_AS_TITLE:
        return " \u00b7 ".join(names)
    untitled = Problem(None, "the booklet's cover has no title: give one with --title, or "
                       "as booklet: {title: ...} in guide.yaml", severity=Severity.WARNING)
    run.warn([untitled])
    return ""


def _pages(front: int, counts: list[int], right: list[bool]
           ) -> tuple[list[int], list[int], int]:
    """Blank pages before each part after the front matter (where `right` says it starts
    on a right-hand page), the page each starts on, and the booklet's length."""
    blanks, starts, at = [], [], front
    for count, on_right in zip(counts, right, strict=True):
        blank = 1 if on_right and at % 2 else 0  # 0-based: a right-hand page is even
        blanks.append(blank)
        starts.append(at + blank + 1)
        at += blank + count
    return blanks, starts, at


class _Printer:
    """Lays out one booklet's parts through the run, and joins them."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.keys: list[str] = []

    def parts(self, named: list[tuple[str, str, int]]) -> list[Printed]:
        """Each (name, html, epoch) printed, from the cache where it is there."""
        documents = [Document(part, html, epoch, part=True) for part, html, epoch in named]
        if self.run.store:
            self.keys += [self.run.key(d) for d in documents]
        printed = self.run.press_all(documents)
        for document, (_, cached) in zip(documents, printed, strict=True):
            self.run.progress(Path(document.name), "cached" if cached else "built")
        return [p for p, _ in printed]

    def booklet(self, plan: _Plan, target: Path) -> tuple[bytes, bool, Callable[[], str]]:
        """The booklet's PDF bytes, whether it came whole from the cache, and its HTML."""
        from guide.press.assemble import FontsLost, Part, assemble

        run, store = self.run, self.run.store
        topics = [(f"{target.stem}: {t.id}", plan.document(plan.topic(i), lang=t.topic.lang),
                   source_epoch(t.topic)) for i, t in enumerate(plan.topics)]
        body = self.parts(topics)
        keyed = any(view.answer_key for view in plan.views)
        # The key starts on a right-hand page in every booklet, as on a sheet: printed on
        # both sides, no pupil's page has answers on its back.
        right = [plan.duplex] * len(body) + [True] * keyed
        counts = [printed.pages for printed in body] + [0] * keyed  # the key's: not yet known
        front_pages, front, key = 2, None, None
        # The contents give every part's page and the key each topic's; the pages follow
        # from the contents' length, which settles at once.
        for _ in range(3):
            blanks, starts, _ = _pages(front_pages, counts, right)
            named = [(f"{target.stem}: contents", plan.document(plan.front(starts)), plan.epoch)]
            if keyed:
                named.append((f"{target.stem}: answer key", plan.document(plan.key(starts)),
                              plan.epoch))
            front, *rest = self.parts(named)
            key = rest[0] if rest else None
            if front.pages == front_pages:
                break
            front_pages = front.pages
        assert front is not None
        body += [key] if key is not None else []
        blanks, starts, total = _pages(front.pages, [printed.pages for printed in body], right)
        notes = self.parts([(f"{target.stem}: notes", plan.document(plan.fragment("notes")),
                             plan.epoch)])[0] if any(blanks) else None
        numbered = list(range(1, total))  # every page but the cover
        numbers = [
            self.parts([(f"{target.stem}: page numbers", plan.numbers(chunk, total),
                         plan.epoch)])[0]
            for chunk in _chunks(numbered, NUMBERS_PER_PART)
        ]
        where = [t.path for t in plan.topics] + [None]
        warnings = [
            Problem(where[i], f"{plan.audience.name}: booklet {target.name}: {message}",
                    severity=Severity.WARNING)
            for i, printed in enumerate(body)
            for message in _messages(printed, starts[i])
        ] + [
            Problem(None, f"{plan.audience.name}: booklet {target.name}: {message}",
                    severity=Severity.WARNING)
            for message in _messages(front, 1)
        ]
        run.warn(warnings)
        layout = repr((blanks, plan.gutter_mm))  # what the assembler does with the parts
        whole = (store.key("".join(self.keys) + layout, target.stem, run.request.pdf_variant)
                 if store else "")
        cached = store.get(whole) if store else None
        if cached is None:
            parts = [Part(front.data, front.glyphs)] + [
                Part(printed.data, printed.glyphs, blank)
                for printed, blank in zip(body, blanks, strict=True)
            ]
            stamps = [Part(printed.data, printed.glyphs) for printed in numbers]
            filler = Part(notes.data, notes.glyphs) if notes is not None else None
            try:
                data = run_limited(assemble, (parts, stamps, numbered, run.fonts,
                                              plan.gutter_mm / 2 / MM_PER_PT, filler), run.limits)
            except (LimitExceeded, FontsLost) as exc:
                raise GuideError([Problem(None, f"booklet {target.name}: {exc}")]) from None
            if store:
                store.put(whole, Printed(data, total))
        else:
            data = cached.data

        def html() -> str:
            fragments = [plan.front(starts)] + [plan.topic(i) for i in range(len(plan.topics))]
            return plan.document(*fragments, *([plan.key(starts)] if keyed else []))

        return data, cached is not None, html


def _chunks(items: list[int], size: int) -> list[list[int]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _messages(printed: Printed, start: int) -> list[str]:
    """A part's warnings, its findings' pages counted in the booklet (from `start`)."""
    return printed.warnings + [f"page {f.page + start - 1}: {f.message}" for f in printed.findings]


PRODUCT = Booklet()
