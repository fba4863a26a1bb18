"""The one runner every product is built by.

A command becomes a `Request`; `run` turns it into topics and audiences (loaded,
validated and linted once), hands them to the product, and gives the product the
services every build shares, once: pressing documents through the cache and an
executor under the limits, writing outputs atomically, progress, warnings (fatal under
`strict`) and the report.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from guide.errors import GuideError, Problem, as_errors
from guide.pipeline.cache import Cache, cache_location
from guide.pipeline.executors import Executor, Task, executor_for
from guide.pipeline.report import Report
from guide.pipeline.topics import (
    LoadedTopic,
    TopicCache,
    gather,
    project_stylesheet_problems,
    resolve_audiences,
    topic_files,
)
from guide.pipeline.worker import LimitExceeded
from guide.press.pdf import Printed, check_variant, write_atomic
from guide.source.audience import Audience
from guide.source.config import Config, Limits, load_config
from guide.source.resources import Project

if TYPE_CHECKING:
    from guide.press.fetch import Bundle


@dataclass
class Request:
    """What a command asks of any product: the topics, audiences, where outputs go, and
    how strictly, on which paper and PDF variant, with which workers and cache."""

    paths: Iterable[Path | str] = ("data",)
    audiences: Iterable[str] | None = None
    out_dir: Path | str = "out"
    paper: str | None = None
    strict: bool = False
    pdf_variant: str | None = None
    html: bool = False  # also write what was printed as HTML, beside it
    cache: bool = True
    jobs: int | None = None
    limits: Limits | None = None
    lint: bool = True
    today: dt.date | None = None
    progress: Callable[[Path, str], None] | None = None
    project: Project | None = None
    executor: Executor | None = None
    scheduler: str | None = None  # a Dask scheduler's address: lay out on its workers
    options: dict[str, Any] = field(default_factory=dict)  # the product's own


class Product(Protocol):
    """An output kind. Registered by name in `guide.products`."""

    name: str

    def refuse(self, request: Request) -> None:
        """Raise UsageError for an option this product cannot apply."""
        ...

    def make(self, topics: list[LoadedTopic], run: Run) -> None:
        """Make the outputs of `topics` for `run.audiences`, through `run`'s services."""
        ...


@dataclass(frozen=True)
class Document:
    """HTML to press into a PDF: `name` (the same on every machine) dates its identifier,
    `epoch` its timestamps; a `part` is for joining, with whole fonts set aside."""

    name: str
    html: str
    epoch: int
    part: bool = False


class Run:
    """One build's shared services, handed to the product."""

    def __init__(self, request: Request, project: Project, config: Config,
                 audiences: list[Audience], report: Report, topics: TopicCache) -> None:
        self.request, self.project, self.config = request, project, config
        self.audiences, self.report, self.topics = audiences, report, topics
        self.out = Path(request.out_dir)
        self.limits = request.limits or config.limits.limits()
        self.store = (Cache(cache_location(project, config.cache), project)
                      if request.cache else None)
        self._open = ExitStack()
        self.executor = self._open.enter_context(executor_for(
            request.executor, request.scheduler or config.executor, self.limits, request.jobs))
        # Whole fonts that booklet parts set aside, for the join: in the cache's folder
        # where it is one on this machine, else for this run only.
        folder = self.store.folder if self.store else None
        if folder is None:
            folder = Path(self._open.enter_context(tempfile.TemporaryDirectory()))
        self.fonts = folder / "fonts"
        self._stored: set[str] = set()  # fonts written to the cache in this run

    @property
    def strict(self) -> bool:
        return self.request.strict

    def key(self, document: Document) -> str:
        """The cache key of `document` pressed as this run asks."""
        assert self.store is not None
        kind = "part" if document.part else document.name
        return self.store.key(document.html, kind, document.epoch, self.request.pdf_variant)

    def press(self, documents: Sequence[Document]
              ) -> Iterator[tuple[int, Printed | GuideError | LimitExceeded, bool]]:
        """Each document's PDF (or why it failed: a GuideError, or LimitExceeded) and
        whether it came from the cache, else laid out by the executor and kept; as each
        ends, in any order."""
        found = {i: got for i, d in enumerate(documents)
                 if self.store and (got := self._cached(d))}
        for index, printed in found.items():
            yield index, printed, True
        todo = [i for i in range(len(documents)) if i not in found]
        tasks = [self._task(documents[i]) for i in todo]
        for at, result in self.executor.run(tasks):
            index = todo[at]
            if isinstance(result, BaseException) and not isinstance(
                    result, GuideError | LimitExceeded):
                raise result
            if isinstance(result, Printed):
                self._keep_fonts(result.fonts)
                result.fonts = {}
                if self.store:
                    self.store.put(self.key(documents[index]), result)
            yield index, result, False

    def press_all(self, documents: Sequence[Document]) -> list[tuple[Printed, bool]]:
        """Every document's PDF in order, and whether it came from the cache; the first
        failure raises (a GuideError naming the document, for one over its limits)."""
        printed: dict[int, tuple[Printed, bool]] = {}
        for index, result, cached in self.press(documents):
            if isinstance(result, LimitExceeded):
                raise GuideError([Problem(None, f"{documents[index].name}: {result}")])
            if isinstance(result, GuideError):
                raise result
            printed[index] = result, cached
        return [printed[i] for i in range(len(documents))]

    @cached_property
    def bundle(self) -> Bundle:
        """What documents load (styles, templates' files, images), sent to the workers by
        content, never by path."""
        from guide.press.fetch import Bundle

        return Bundle.of(self.project)

    def _task(self, document: Document) -> Task:
        from guide.press.assemble import print_part
        from guide.press.pdf import print_pdf

        press = print_part if document.part else print_pdf
        return Task(press, (document.html, self.bundle, document.name, document.epoch,
                            self.request.pdf_variant), document.name)

    def _keep_fonts(self, fonts: dict[str, bytes]) -> None:
        """A part's fonts, set aside where the join finds them, and in the cache for the
        next build's cached parts."""
        from guide.press.assemble import keep_fonts

        if not fonts:
            return
        self.fonts.mkdir(parents=True, exist_ok=True)
        keep_fonts(self.fonts, fonts)
        for digest in fonts.keys() - self._stored if self.store else ():
            self.store.write(f"font-{digest}", fonts[digest])
            self._stored.add(digest)

    def _cached(self, document: Document) -> Printed | None:
        """The cached PDF, a part's fonts fetched from the cache; None (laid out again)
        when it or one of them is not there whole."""
        from guide.press.assemble import keep_fonts

        assert self.store is not None
        printed = self.store.get(self.key(document))
        for digest in printed.glyphs if printed and document.part else ():
            if not (self.fonts / f"{digest}.pdf").exists():
                font = self.store.read(f"font-{digest}")
                if font is None:
                    return None
                self.fonts.mkdir(parents=True, exist_ok=True)
                keep_fonts(self.fonts, {digest: font[1]})
        return printed

    def warn(self, warnings: list[Problem]) -> None:
        """Report print warnings; under `strict` they fail what they are about instead."""
        if self.strict and warnings:
            raise GuideError(as_errors(warnings))
        self.report.problems += warnings

    def write(self, target: Path, data: bytes) -> None:
        """Write one output atomically; a folder that cannot be written fails it, located."""
        try:
            write_atomic(target, data)
        except OSError as exc:
            raise GuideError([Problem(target, f"cannot write: {exc.strerror or exc}")]) from None

    def close(self) -> None:
        """Let go of the workers (unless the request brought its own) and scratch files."""
        self._open.close()

    def progress(self, path: Path, status: str) -> None:
        if self.request.progress:
            self.request.progress(path, status)


def run(product: Product, request: Request) -> Report:
    """Build `product` as `request` asks: the one path from a command to its outputs."""
    started = time.monotonic()
    product.refuse(request)
    check_variant(request.pdf_variant)
    project = request.project or Project.find()
    config = load_config(project)
    audiences = [a.with_paper(request.paper)
                 for a in resolve_audiences(request.audiences, project)]
    files = topic_files(request.paths)
    report = Report(problems=project_stylesheet_problems(audiences, project))
    if request.strict and report.problems:
        raise GuideError(as_errors(report.problems))
    topics = TopicCache(project)
    loaded = gather(files, audiences, project, report, strict=request.strict,
                    lint=request.lint, today=request.today, topics=topics)
    runner = Run(request, project, config, audiences, report, topics)
    try:
        product.make(loaded, runner)
    finally:
        runner.close()
    report.seconds = time.monotonic() - started
    return report
