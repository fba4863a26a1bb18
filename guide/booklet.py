"""Booklets: many topics in one PDF with a cover, contents, continuous page numbers, one
outline and one answer key; optionally imposed two-up for a school printer.

A booklet is printed in parts: the front matter, each topic, the answer key, and pages
that hold only the page numbers. Each part is laid out in its own worker and cached on its
own, so editing one topic of a hundred lays out that topic again (and the few pages that
list or number them), not the other ninety-nine; the parts are then joined as PDFs
(`guide.assemble`). No process ever holds the whole booklet's layout, so memory does not
grow with its length.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from guide.audience import MM_PER_PT, Audience, select
from guide.build import (
    LoadedTopic,
    Report,
    gather,
    resolve_audiences,
    source_epoch,
    topic_files,
)
from guide.cache import Cache, cache_location
from guide.config import load_config
from guide.errors import GuideError, Problem, Severity, UsageError, as_errors
from guide.executors import Executor, Task, executor_for
from guide.i18n import language, when
from guide.model import PartialDate
from guide.pdf import Printed
from guide.resources import Project
from guide.worker import LimitExceeded, Limits, run_limited

if TYPE_CHECKING:
    from markupsafe import Markup

    from guide.fetch import Bundle

IMPOSITIONS = ("saddle", "2up")
# An imposed booklet prints on half the sheet it is imposed on.
HALF = {"A4": "A5", "A5": "A5", "Letter": "half-letter", "Legal": "half-letter"}
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


def build_booklet(
    paths: Iterable[Path | str],
    name: str,
    audiences: Iterable[str] | None = None,
    out_dir: Path | str = "out",
    *,
    duplex: bool = False,
    impose: str | None = None,
    paper: str | None = None,
    strict: bool = False,
    html_too: bool = False,
    cache: bool = True,
    jobs: int | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    school: str | None = None,
    subject: str | None = None,
    class_name: str | None = None,
    pdf_variant: str | None = None,
    limits: Limits | None = None,
    lint: bool = True,
    today: dt.date | None = None,
    progress: Callable[[Path, str], None] | None = None,
    project: Project | None = None,
    executor: Executor | None = None,
    scheduler: str | None = None,
) -> Report:
    """Build `<out>/<name>-<audience>.pdf`, one booklet of all the topics per audience
    (`-letter`, say, added on a `paper` other than the audience's own).

    The cover's `title`, `subtitle`, `school`, `subject` and `class_name` default to
    `booklet:` in guide.yaml; the title then to the topics' names, when there are at most
    four (`name` is a file name, not a title for pupils).

    A topic that fails is reported and left out; the booklet holds the others. Parts are
    laid out `jobs` at a time (default: the machine's cores), or on a Dask `scheduler`'s
    workers as for `build` (the join on this machine); unchanged parts, and an
    unchanged booklet, come from the cache unless `cache` is false. `html_too` also writes
    the whole booklet's HTML. `pdf_variant` asks for PDF/A, PDF/UA or PDF/X, as for a sheet
    (see `guide.pdf.pdf_variants`). `progress(path, status)` is called as each part ends.

    `guide check`'s warnings (facts' ages counted to `today`; `lint` as in `build`) are
    reported too, and under `strict` leave their topic out, as `build` fails it.
    """
    from guide.pdf import check_variant, write_atomic

    started = time.monotonic()
    if impose is not None and impose not in IMPOSITIONS:
        raise UsageError([Problem(None, f"--impose takes {' or '.join(IMPOSITIONS)}")])
    check_variant(pdf_variant)
    project = project or Project.find()
    config = load_config(project)
    chosen = [a.with_paper(paper) for a in resolve_audiences(audiences, project)]
    given = [Path(p) for p in paths]
    files = topic_files(given)
    report = Report()
    loaded = gather(files, chosen, project, report, strict=strict, lint=lint, today=today)
    if not loaded:
        return report
    ordered = order_topics(loaded, config.order, all(p.is_file() for p in given))
    given_cover = {"title": title, "subtitle": subtitle, "school": school, "subject": subject,
                   "class_name": class_name}
    cover = config.booklet.model_dump() | {k: v for k, v in given_cover.items() if v}
    if not cover["title"]:
        cover["title"] = _default_title(ordered, report, strict)
    if config.booklet.logo:
        cover["logo"] = (project.root / config.booklet.logo).resolve().as_uri()
    epoch = max(source_epoch(t.topic) for t in ordered)
    dated = dt.datetime.fromtimestamp(epoch, dt.UTC)
    with language(ordered[0].topic.lang):  # the booklet's language: its first topic's
        cover["date"] = cover["date"] or when(PartialDate(dated.year, dated.month, dated.day))
    binding = "saddle" if impose == "saddle" else "side" if duplex else None
    gutter = 0.0 if binding is None else (
        GUTTER_MM[binding] if config.booklet.gutter is None else config.booklet.gutter)
    limits = limits or config.limits.limits()
    with (tempfile.TemporaryDirectory() as scratch,
          executor_for(executor, scheduler or config.executor, limits, jobs) as runner):
        printer = _Printer(
            project, limits, runner,
            Cache(cache_location(project, config.cache), project) if cache else None,
            Path(scratch), progress, pdf_variant,
        )
        for audience in chosen:
            if impose:  # pages of half the sheet, turned upright, two to a landscape sheet
                audience = replace(audience, paper=HALF[audience.paper], orientation="portrait")
            audience = replace(audience, gutter_mm=gutter)  # charts and writing space
            target = Path(out_dir) / f"{audience.file_stem(name)}.pdf"
            plan = _Plan(ordered, audience, project, cover, dated, epoch, duplex,
                         binding is not None, gutter)
            try:
                data, cached, html = printer.booklet(plan, target, strict, report)
            except UsageError:
                raise  # the build itself cannot go on (such as a refused Dask worker)
            except GuideError as exc:
                report.problems += exc.problems
                continue
            if impose:
                from guide.impose import impose as lay_two_up

                data = lay_two_up(data, impose, audience.paper)
            if html_too:
                write_atomic(target.with_suffix(".html"), html().encode())
            write_atomic(target, data)
            (report.cached if cached else report.built).append(target)
    report.seconds = time.monotonic() - started
    return report


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
        from guide.render import booklet_part

        return booklet_part(template, self.project, lang or self.lang,
                            audience=self.audience, **context)

    def document(self, *fragments: Markup, lang: str | None = None) -> str:
        """Each part is laid out as if on a page of its own, the gutter split between its
        sides; the pages are moved to the spine's side when put together. A topic's part
        is in its own `lang`, which its tags keep in the booklet."""
        from guide.render import booklet_html

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
        from guide.i18n import _, language

        titles = [view.topic.title for view in self.views]
        if len(starts) > len(titles):
            with language(self.lang):
                titles.append(_("Answer key"))
        contents = [{"title": title, "page": page, "key": i == len(self.views)}
                    for i, (title, page) in enumerate(zip(titles, starts, strict=True))]
        return self.fragment("front", booklet=self.cover, contents=contents)


def _default_title(ordered: list[LoadedTopic], report: Report, strict: bool) -> str:
    """The topics' names, for a cover nobody gave a title; none (and a warning, an error
    when `strict`) for more than four."""
    names = [t.topic.name for t in ordered]
    if len(names) <= MAX_NAMES_AS_TITLE:
        return " \u00b7 ".join(names)
    untitled = Problem(None, "the booklet's cover has no title: give one with --title, or "
                       "as booklet: {title: ...} in guide.yaml", severity=Severity.WARNING)
    if strict:
        raise GuideError(as_errors([untitled]))
    report.problems.append(untitled)
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
    """Lays out the parts of booklets in workers, through the cache."""

    def __init__(self, project: Project, limits: Limits, executor: Executor,
                 store: Cache | None, scratch: Path,
                 progress: Callable[[Path, str], None] | None, variant: str | None) -> None:
        self.project, self.limits, self.store, self.progress = project, limits, store, progress
        self.variant, self.executor = variant, executor
        # Fonts set aside by the parts, for the join: in the cache's folder where it has one
        # on this machine (their cut-down copies are kept there too), fetched from the cache.
        self.fonts = (store.folder if store and store.folder else scratch) / "fonts"
        self.fonts.mkdir(parents=True, exist_ok=True)
        self.stored: set[str] = set()  # fonts written to the cache in this build
        self.keys: list[str] = []

    def parts(self, named: list[tuple[str, str, int]]) -> list[Printed]:
        """Each (name, html, epoch) printed, from the cache where it is there."""
        from guide.assemble import print_part

        keys = [self.store.key(html, "part", epoch, self.variant) if self.store else ""
                for _, html, epoch in named]
        self.keys += keys
        found = [self._cached(key) for key in keys]
        printed: list[Printed | None] = list(found)
        todo = [i for i, got in enumerate(found) if got is None]
        tasks = [Task(print_part, (named[i][1], self.bundle, named[i][0], named[i][2],
                                   self.variant), named[i][0]) for i in todo]
        for index in (i for i, got in enumerate(found) if got is not None):
            self._progress(named[index][0], "cached")
        for at, result in self.executor.run(tasks):
            index = todo[at]
            if isinstance(result, LimitExceeded):
                raise GuideError([Problem(None, f"{named[index][0]}: {result}")])
            if isinstance(result, BaseException):
                raise result
            self._keep_fonts(result.fonts)
            result.fonts = {}
            printed[index] = result
            if self.store:
                self.store.put(keys[index], result)
            self._progress(named[index][0], "built")
        return [p for p in printed if p is not None]

    @cached_property
    def bundle(self) -> Bundle:
        """What the parts load, sent to the workers by content."""
        from guide.fetch import Bundle

        return Bundle.of(self.project)

    def _keep_fonts(self, fonts: dict[str, bytes]) -> None:
        """A part's fonts, where the join finds them and in the cache for cached parts."""
        from guide.assemble import keep_fonts

        keep_fonts(self.fonts, fonts)
        for digest in fonts.keys() - self.stored if self.store else ():
            self.store.write(f"font-{digest}", fonts[digest])
            self.stored.add(digest)

    def _cached(self, key: str) -> Printed | None:
        """The cached part, its fonts fetched from the cache; None (laid out again) when
        it or one of them is not there whole."""
        from guide.assemble import keep_fonts

        printed = self.store.get(key) if self.store else None
        for digest in printed.glyphs if printed else ():
            if not (self.fonts / f"{digest}.pdf").exists():
                font = self.store.read(f"font-{digest}")
                if font is None:
                    return None
                keep_fonts(self.fonts, {digest: font[1]})
        return printed

    def _progress(self, part: str, status: str) -> None:
        if self.progress:
            self.progress(Path(part), status)

    def booklet(self, plan: _Plan, target: Path, strict: bool, report: Report
                ) -> tuple[bytes, bool, Callable[[], str]]:
        """The booklet's PDF bytes, whether it came whole from the cache, and its HTML."""
        from guide.assemble import FontsLost, Part, assemble

        self.keys = []
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
        if strict and warnings:
            raise GuideError(as_errors(warnings))
        report.problems += warnings
        layout = repr((blanks, plan.gutter_mm))  # what the assembler does with the parts
        whole = (self.store.key("".join(self.keys) + layout, target.stem, self.variant)
                 if self.store else "")
        cached = self.store.get(whole) if self.store else None
        if cached is None:
            parts = [Part(front.data, front.glyphs)] + [
                Part(printed.data, printed.glyphs, blank)
                for printed, blank in zip(body, blanks, strict=True)
            ]
            stamps = [Part(printed.data, printed.glyphs) for printed in numbers]
            filler = Part(notes.data, notes.glyphs) if notes is not None else None
            try:
                data = run_limited(assemble, (parts, stamps, numbered, self.fonts,
                                              plan.gutter_mm / 2 / MM_PER_PT, filler), self.limits)
            except (LimitExceeded, FontsLost) as exc:
                raise GuideError([Problem(None, f"booklet {target.name}: {exc}")]) from None
            if self.store:
                self.store.put(whole, Printed(data, total))
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
