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
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

from guide.content.i18n import language, when
from guide.content.view import select
from guide.errors import GuideError, Problem, Severity, UsageError
from guide.pipeline.plan import Job, Plan
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

    def plan(self, topics: list[LoadedTopic], run: Run) -> Plan:
        """For each audience: a job for each topic's part, then the contents and answer
        key (which give the parts' pages), the page numbers, the join and the imposition."""
        plan = Plan()
        if not topics:
            return plan
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
            edition = _Edition(ordered, audience, project, cover, dated, epoch, bool(duplex),
                               binding is not None, gutter)
            _Making(run, edition, target, impose).add_to(plan)
        return plan


@dataclass
class _Edition:
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


class _Making:
    """One audience's booklet as jobs: its parts laid out through the run, then joined."""

    def __init__(self, run: Run, edition: _Edition, target: Path, impose: str | None) -> None:
        self.run, self.edition, self.target, self.impose = run, edition, target, impose
        self.stem = target.stem
        self.keys: list[str] = []  # every part's cache key, in order: the whole one's
        self.body: list[Printed | None] = [None] * len(edition.topics)
        self.keyed = any(view.answer_key for view in edition.views)
        self.front_pages, self.tries = 2, 0
        self.front: Printed | None = None
        self.key: Printed | None = None
        self.notes: Printed | None = None
        self.numbers: list[Printed] = []
        self.data, self.cached = b"", False  # the joined booklet, and if from the cache

    def add_to(self, plan: Plan) -> None:
        edition, stem = self.edition, self.stem
        audience = edition.audience
        common = {"product": "booklet", "audience": audience.name, "paper": audience.paper,
                  "variant": self.run.request.pdf_variant}
        parts = tuple(plan.add(Job(
            f"{stem}: {t.id}", "part", topic=t.id, press=partial(self._part, i),
            then=partial(self._got_part, i), **common)) for i, t in enumerate(edition.topics))
        front = plan.add(Job(
            f"{stem}: contents" + (" and answer key" if self.keyed else ""), "contents",
            after=parts, press=self._front, then=self._got_front, **common))
        numbers = plan.add(Job(f"{stem}: page numbers", "numbers", after=(front,),
                               press=self._numbers, then=self._got_numbers, **common))
        join = plan.add(Job(
            f"{stem}: join", "join", after=(numbers,), work=self._join,
            output=None if self.impose else self.target, quiet=True, **common))
        if self.impose:
            plan.add(Job(f"{stem}: impose {self.impose}", "impose", after=(join,),
                         work=self._lay_two_up, output=self.target, quiet=True, **common))

    def _pressed(self, documents: list[Document]) -> list[Document]:
        if self.run.store:
            self.keys += [self.run.key(d) for d in documents]
        return documents

    def _part(self, index: int) -> list[Document]:
        """A topic's part; found in the cache by what it is made of, its HTML unmade."""
        edition, loaded = self.edition, self.edition.topics[index]
        inputs = self.run.inputs("booklet part", loaded.id, edition.views[index],
                                 edition.meta, edition.epoch, edition.bound, edition.gutter_mm)

        def html() -> str:
            return edition.document(edition.topic(index), lang=loaded.topic.lang)

        return self._pressed([Document(f"{self.stem}: {loaded.id}", html,
                                       source_epoch(loaded.topic), part=True, inputs=inputs)])

    def _got_part(self, index: int, printed: list[Printed]) -> None:
        self.body[index] = printed[0]

    @property
    def right(self) -> list[bool]:
        """Which parts start on a right-hand page: the key in every booklet, as on a
        sheet (printed on both sides, no pupil's page has answers on its back); the
        topics in one printed on both sides."""
        return [self.edition.duplex] * len(self.body) + [True] * self.keyed

    def _front(self) -> list[Document]:
        """The contents give every part's page and the key each topic's; the pages follow
        from the contents' length, which settles at once."""
        edition, stem = self.edition, self.stem
        counts = [p.pages for p in self.body if p is not None]
        counts += [0] * self.keyed  # the key's: not yet known
        _, starts, _ = _pages(self.front_pages, counts, self.right)
        documents = [Document(f"{stem}: contents", edition.document(edition.front(starts)),
                              edition.epoch, part=True)]
        if self.keyed:
            documents.append(Document(f"{stem}: answer key",
                                      edition.document(edition.key(starts)), edition.epoch,
                                      part=True))
        self.tries += 1
        return self._pressed(documents)

    def _got_front(self, printed: list[Printed]) -> list[Document] | None:
        front, *rest = printed
        if front.pages != self.front_pages and self.tries < 3:
            self.front_pages = front.pages
            return self._front()
        self.front, self.key = front, (rest[0] if rest else None)
        return None

    @property
    def parts(self) -> list[Printed]:
        """The topics' parts and the key, in their order."""
        return [p for p in self.body if p is not None] + ([self.key] if self.key else [])

    @cached_property
    def layout(self) -> tuple[list[int], list[int], int]:
        assert self.front is not None
        return _pages(self.front.pages, [p.pages for p in self.parts], self.right)

    def _numbers(self) -> list[Document]:
        """The notes page that fills a blank left-hand page, where there is one, and the
        page numbers, `NUMBERS_PER_PART` to a part."""
        edition, stem = self.edition, self.stem
        blanks, _, total = self.layout
        documents = [Document(f"{stem}: notes", edition.document(edition.fragment("notes")),
                              edition.epoch, part=True)] if any(blanks) else []
        documents += [Document(f"{stem}: page numbers", edition.numbers(chunk, total),
                               edition.epoch, part=True)
                      for chunk in _chunks(list(range(1, total)), NUMBERS_PER_PART)]
        return self._pressed(documents)

    def _got_numbers(self, printed: list[Printed]) -> None:
        blanks, _, _ = self.layout
        self.notes = printed[0] if any(blanks) else None
        self.numbers = printed[1:] if any(blanks) else printed

    def _join(self) -> bool:
        """The parts put together, or the whole booklet from the cache: whether it was."""
        from guide.press.assemble import FontsLost, Part, assemble

        run, store, edition, target = self.run, self.run.store, self.edition, self.target
        front, body = self.front, self.parts
        assert front is not None
        blanks, starts, total = self.layout
        where = [t.path for t in edition.topics] + [None]
        run.warn([
            Problem(where[i], f"{edition.audience.name}: booklet {target.name}: {message}",
                    severity=Severity.WARNING)
            for i, printed in enumerate(body)
            for message in _messages(printed, starts[i])
        ] + [
            Problem(None, f"{edition.audience.name}: booklet {target.name}: {message}",
                    severity=Severity.WARNING)
            for message in _messages(front, 1)
        ])
        layout = repr((blanks, edition.gutter_mm))  # what the assembler does with the parts
        whole = (store.key("".join(self.keys) + layout, target.stem, run.request.pdf_variant)
                 if store else "")
        cached = store.get(whole) if store else None
        if cached is None:
            parts = [Part(front.data, front.glyphs)] + [
                Part(printed.data, printed.glyphs, blank)
                for printed, blank in zip(body, blanks, strict=True)
            ]
            stamps = [Part(printed.data, printed.glyphs) for printed in self.numbers]
            notes = self.notes
            filler = Part(notes.data, notes.glyphs) if notes is not None else None
            try:
                data = run_limited(assemble, (parts, stamps, list(range(1, total)), run.fonts,
                                              edition.gutter_mm / 2 / MM_PER_PT, filler),
                                   run.limits, here=True)
            except (LimitExceeded, FontsLost) as exc:
                raise GuideError([Problem(None, f"booklet {target.name}: {exc}")]) from None
            if store:
                store.put(whole, Printed(data, total))
        else:
            data = cached.data
        self.data, self.cached = data, cached is not None
        if not self.impose:
            self._write()
        return self.cached

    def _lay_two_up(self) -> bool:
        from guide.press.impose import impose

        assert self.impose is not None
        self.data = impose(self.data, self.impose, self.edition.audience.paper)
        self._write()
        return self.cached

    def _write(self) -> None:
        """The booklet, and with `--html` the whole of it as one HTML document."""
        run, edition = self.run, self.edition
        if run.request.html:
            _, starts, _ = self.layout
            fragments = [edition.front(starts)] + [edition.topic(i)
                                                   for i in range(len(edition.topics))]
            html = edition.document(*fragments, *([edition.key(starts)] if self.keyed else []))
            run.write(self.target.with_suffix(".html"), html.encode())
        run.write(self.target, self.data)


def _chunks(items: list[int], size: int) -> list[list[int]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _messages(printed: Printed, start: int) -> list[str]:
    """A part's warnings, its findings' pages counted in the booklet (from `start`)."""
    return printed.warnings + [f"page {f.page + start - 1}: {f.message}" for f in printed.findings]


PRODUCT = Booklet()
