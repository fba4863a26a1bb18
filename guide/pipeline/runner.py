"""The one runner every product is built by.

A command becomes a `Request`; `run` turns it into topics and audiences (loaded,
validated and linted once), asks the product for its `Plan` (guide.pipeline.plan), and
runs the plan with the services every build shares, once: pressing documents through the
cache and an executor under the limits, writing outputs atomically, progress, warnings
(fatal under `strict`) and the report. A dry run stops before anything runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from guide.errors import GuideError, Problem, UsageError, as_errors
from guide.pipeline import press_server
from guide.pipeline.cache import Cache, cache_location
from guide.pipeline.executors import Executor, Task, executor_for
from guide.pipeline.plan import Job, Plan
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
from guide.source.load import read_bytes
from guide.source.resources import BUILTIN_STYLES, Project

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
    dry_run: bool = False  # plan the jobs, lay out and write nothing (Report.plan)


class Product(Protocol):
    """An output kind. Registered by name in `guide.products`."""

    name: str

    def refuse(self, request: Request) -> None:
        """Raise UsageError for an option this product cannot apply."""
        ...

    def plan(self, topics: list[LoadedTopic], run: Run) -> Plan:
        """The jobs that make the outputs of `topics` for `run.audiences`; nothing is laid
        out or written until the runner runs them."""
        ...


class Document:
    """HTML to press into a PDF: `name` (the same on every machine) dates its identifier,
    `epoch` its timestamps; a `part` is for joining, with whole fonts set aside. `html`
    may be given as a function, called only when the PDF is not in the cache: where
    `inputs` (a digest of everything the HTML is made from) finds it there, the HTML is
    never made."""

    def __init__(self, name: str, html: str | Callable[[], str], epoch: int,
                 part: bool = False, inputs: str | None = None) -> None:
        self.name, self.epoch, self.part, self.inputs = name, epoch, part, inputs
        self._html = html

    @cached_property
    def html(self) -> str:
        return self._html if isinstance(self._html, str) else self._html()


class Run:
    """One build's shared services, and the running of its plan."""

    def __init__(self, request: Request, project: Project, config: Config,
                 audiences: list[Audience], report: Report, topics: TopicCache) -> None:
        self.request, self.project, self.config = request, project, config
        self.audiences, self.report, self.topics = audiences, report, topics
        self.out = Path(request.out_dir)
        self.limits = request.limits or config.limits.limits()
        self.store = (Cache(cache_location(project, config.cache), project)
                      if request.cache else None)
        self._open = ExitStack()
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

    @cached_property
    def executor(self) -> Executor:
        """The workers, started when the first document is to be laid out: not for a plan
        that is only shown, nor for a build that finds everything in the cache."""
        request = self.request
        return self._open.enter_context(executor_for(
            request.executor, request.scheduler or self.config.executor, self.limits,
            request.jobs))

    def key(self, document: Document) -> str:
        """The cache key of `document` pressed as this run asks: from its inputs where
        known, else from its HTML."""
        assert self.store is not None
        kind = "part" if document.part else document.name
        if document.inputs is not None:
            return self.store.key("", "inputs", document.inputs, kind, document.epoch,
                                  self.request.pdf_variant)
        return self.store.key(document.html, kind, document.epoch, self.request.pdf_variant)

    def inputs(self, *values: object) -> str:
        """A digest of what a document is made from: `values` (what the audience sees of
        the topic, the product...) and guide.yaml. Templates, styles, pictures and guide's
        own code are in every key already (see guide.pipeline.cache)."""
        shown = repr(values)  # by the project's place, not this machine's (a shared cache)
        for folder, name in ((self.project.root.resolve(), "project:"),
                             (BUILTIN_STYLES, "guide-styles:")):
            shown = shown.replace(str(folder), name)
        digest = hashlib.sha256(shown.encode())
        if self.project.config.is_file():
            digest.update(b"\0" + read_bytes(self.project.config))
        return digest.hexdigest()

    def execute(self, plan: Plan) -> None:
        """Run `plan`: each wave of jobs whose dependencies are done, their documents
        pressed together; a job that fails is reported, and what waits for it skipped."""
        failed: set[Job] = set()
        to_press = {job for job in plan.jobs if job.press is not None}
        for ready, done in plan.waves():
            if not to_press:
                press_server.stop()  # what is left is joined here: its memory is freed
            to_press -= set(ready)
            pressing: list[tuple[Job, list[Document]]] = []
            for job in ready:
                if any(before in failed for before in job.after):
                    failed.add(job)
                    continue
                try:
                    if job.work is not None:
                        self._ended(job, "cached" if job.work() else "built")
                    elif job.press is not None:
                        pressing.append((job, job.press()))
                except GuideError as exc:
                    self._fail(job, exc, failed)
            self._press_jobs(pressing, failed)
            done(*ready)
        order = {path: i for i, path in enumerate(plan.outputs())}
        for paths in (self.report.built, self.report.cached):
            paths.sort(key=lambda p: order.get(p, len(order)))

    def _press_jobs(self, pressing: list[tuple[Job, list[Document]]], failed: set[Job]) -> None:
        """Lay out the jobs' documents together; each job's `then` as its last ends, and
        again for what it gives back."""
        first = True
        while pressing:
            documents = [d for _, docs in pressing for d in docs]
            owner = [(job, at) for job, docs in pressing for at in range(len(docs))]
            results: dict[Job, list[Printed | None]] = {
                job: [None] * len(docs) for job, docs in pressing}
            fresh: set[Job] = set()  # laid out now, not all found in the cache
            again: list[tuple[Job, list[Document]]] = []
            for index, result, cached in self.press(documents):
                job, at = owner[index]
                if job in failed:
                    continue
                if isinstance(result, LimitExceeded):
                    result = GuideError([Problem(job.source,
                                                 f"{job.blame or job.name}: {result}")])
                if isinstance(result, GuideError):
                    self._fail(job, result, failed)
                    continue
                got = results[job]
                got[at] = result
                if not cached or not first:
                    fresh.add(job)
                if any(p is None for p in got):
                    continue
                try:
                    more = job.then([p for p in got if p is not None]) if job.then else None
                except GuideError as exc:
                    self._fail(job, exc, failed)
                    continue
                if more:
                    again.append((job, more))
                else:
                    self._ended(job, "built" if job in fresh else "cached")
            pressing, first = again, False

    def _ended(self, job: Job, status: str) -> None:
        if job.output is not None:
            (self.report.cached if status == "cached" else self.report.built).append(job.output)
        if not job.quiet:
            self.progress(job.output or Path(job.name), status)

    def _fail(self, job: Job, exc: GuideError, failed: set[Job]) -> None:
        if isinstance(exc, UsageError):
            raise exc  # the build itself cannot go on (such as a refused Dask worker)
        failed.add(job)
        self.report.problems += exc.problems
        if job.source is not None:
            self.report.failed.append(job.source)
        if not job.quiet and job.output is not None:
            self.progress(job.output, "failed")

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
        assert self.store is not None
        printed = self.store.get(self.key(document))
        for digest in printed.glyphs if printed and document.part else ():
            if not (self.fonts / f"{digest}.pdf").exists():
                from guide.press.assemble import keep_fonts  # pikepdf: for booklets only

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
    """Build `product` as `request` asks: the one path from a command to its outputs.
    With `request.dry_run`, the plan is made and put in the report, and not run."""
    started = time.monotonic()
    runner, planned = _planned(product, request)
    try:
        if request.dry_run:
            runner.report.plan = planned
        else:
            runner.execute(planned)
    finally:
        runner.close()
    runner.report.seconds = time.monotonic() - started
    return runner.report


def _planned(product: Product, request: Request) -> tuple[Run, Plan]:
    """The request's topics loaded and checked, and the product's plan for them."""
    product.refuse(request)
    check_variant(request.pdf_variant)
    project = request.project or Project.find()
    config = load_config(project)
    audiences = [a.with_paper(request.paper)
                 for a in resolve_audiences(request.audiences, project, config)]
    files = topic_files(request.paths)
    report = Report(problems=project_stylesheet_problems(audiences, project))
    if request.strict and report.problems:
        raise GuideError(as_errors(report.problems))
    topics = TopicCache(project)
    loaded = gather(files, audiences, project, report, config, strict=request.strict,
                    lint=request.lint, today=request.today, topics=topics)
    runner = Run(request, project, config, audiences, report, topics)
    try:
        return runner, product.plan(loaded, runner)
    except BaseException:
        runner.close()
        raise
