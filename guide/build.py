"""The pipeline in one place: find topics, load, validate, select, render, print.

`build` and `check` are the Python API the command line is a thin shell over.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path

from guide.audience import Audience, audience_files, load_audience, select
from guide.cache import Cache, cache_location
from guide.config import load_config
from guide.errors import GuideError, Problem, Severity, UsageError, as_errors, display_path
from guide.executors import Executor, Task, executor_for
from guide.fetch import stylesheet_problems
from guide.figures import figure_problems
from guide.load import Document, load_document
from guide.markdown_topic import is_markdown, load_markdown, opens_with_front_matter
from guide.model import Topic, validate_topic
from guide.pdf import Printed
from guide.resources import Project
from guide.worker import LimitExceeded, Limits

TOPIC_SUFFIXES = (".yaml", ".yml", ".md")


@dataclass
class LoadedTopic:
    """A valid topic with the file it came from."""

    id: str
    path: Path
    topic: Topic
    other: Topic | None = None


@dataclass
class Report:
    """What a build or check did: files laid out, files taken from the cache, topics that
    failed, every problem found, and the time it took."""

    built: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failed: list[Path] = field(default_factory=list)
    cached: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors


def topic_files(paths: Iterable[Path | str]) -> list[Path]:
    """Topic files named directly or found in named folders (a Markdown file there only when it
    opens with front matter); a missing path is a UsageError."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix in TOPIC_SUFFIXES and (
                not is_markdown(p) or opens_with_front_matter(p)))
            if not inside:
                message = "no topic files (*.yaml or *.md) in this folder"
                raise UsageError([Problem(path, message)])
            found += inside
        elif path.is_file():
            found.append(path)
        else:
            raise UsageError([Problem(path, "no such file or folder")])
    return list(dict.fromkeys(found))


def load_topic_document(path: Path) -> Document:
    """A topic file's plain data and lines, whether it is written in YAML or Markdown."""
    return load_markdown(path) if is_markdown(path) else load_document(path)


def load_topic(path: Path | str, project: Project | None = None) -> Topic:
    """Load and validate one topic file, and its figures' files in the images/ of `project`
    (default: the project around the working folder); raises GuideError listing every
    problem."""
    return TopicCache(project).get(Path(path))[1]


def same_id(path: Path) -> list[Path]:
    """The topic files beside `path` with its id, itself included: more than one is an error,
    since a comparison or a booklet could not tell which is meant."""
    return [p for p in map(path.with_suffix, TOPIC_SUFFIXES) if p.is_file()]


class TopicCache:
    """Topics loaded once each, so a comparison target is read only once per run; their
    figures are looked for in the images/ of `project` (default: around the working folder).
    """

    def __init__(self, project: Project | None = None) -> None:
        self.images = (project or Project.find()).images
        self._cache: dict[Path, tuple[Document, Topic] | GuideError] = {}

    def get(self, path: Path) -> tuple[Document, Topic]:
        key = path.resolve()
        if key not in self._cache:
            try:
                self._cache[key] = self._load(path)
            except GuideError as exc:
                self._cache[key] = exc
        found = self._cache[key]
        if isinstance(found, GuideError):
            raise found
        return found

    def _load(self, path: Path) -> tuple[Document, Topic]:
        """The topic, or a GuideError with its problems and its figures' at once."""
        if len(twins := same_id(path)) > 1:
            names = " and ".join(display_path(p) for p in twins)
            raise GuideError([Problem(path, f"topic {path.stem!r} is written twice, as {names}; "
                                            "keep one of the two files")])
        doc = load_topic_document(path)
        problems = figure_problems(doc, self.images)
        try:
            topic = validate_topic(doc)
        except GuideError as exc:
            problems += exc.problems
        if problems:
            raise GuideError(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
        return doc, topic

    def resolve(self, path: Path, report: Report) -> LoadedTopic | None:
        """The topic and its comparison target, or None with the problems added to `report`."""
        try:
            doc, topic = self.get(path)
        except GuideError as exc:
            report.problems += exc.problems
            return None
        loaded = LoadedTopic(path.stem, path, topic)
        if topic.comparison is None:
            return loaded
        other_id = topic.comparison.with_
        other_path = next(iter(same_id(path.with_name(other_id + ".yaml"))), None)
        if other_id == path.stem:
            report.problems.append(
                doc.problem(("comparison", "with"), "a topic cannot be compared with itself")
            )
            return None
        if other_path is None:
            folder = f"{display_path(path.parent)}/"
            report.problems.append(doc.problem(
                ("comparison", "with"), f"no topic {other_id!r} in {folder}; "
                + _topics_there(other_id, path, folder)))
            return None
        try:
            loaded.other = self.get(other_path)[1]
        except GuideError:
            report.problems.append(
                doc.problem(
                    ("comparison", "with"),
                    f"topic {other_id!r} ({display_path(other_path)}) is not valid; fix it first",
                )
            )
            return None
        for index, aspect in enumerate(topic.comparison.aspects):
            for side, who in ((topic, topic.name), (loaded.other, loaded.other.name)):
                if side.fact(aspect) is None:
                    report.problems.append(
                        doc.problem(
                            ("comparison", "aspects", index),
                            f"no fact {aspect!r} in {who}; printed as an em dash",
                            severity=Severity.WARNING,
                        )
                    )
        return loaded


SHOWN_TOPICS = 10  # topics named when a comparison names one that is not there


def _topics_there(wanted: str, path: Path, folder: str) -> str:
    """The other topics beside `path`, the closest to `wanted` first, to choose from."""
    there = [p.stem for p in sorted(path.parent.iterdir())
             if p.suffix in TOPIC_SUFFIXES and p != path]
    if not there:
        return f"there are no other topics in {folder}"

    def likeness(stem: str) -> float:
        return difflib.SequenceMatcher(None, wanted.casefold(), stem.casefold()).ratio()

    there.sort(key=likeness, reverse=True)  # stable: equally close ones stay in name order
    more = len(there) - SHOWN_TOPICS
    return ("the topics there, closest first: " + ", ".join(there[:SHOWN_TOPICS])
            + (f" (and {more} more)" if more > 0 else ""))


def resolve_audiences(names: Iterable[str] | None, project: Project) -> list[Audience]:
    """Audience names as given, else the project's defaults.

    `all` means every audience but `default`, the base the others start from.
    """
    names = list(names or load_config(project).default_audiences)
    if "all" in names:
        names = sorted(set(audience_files(project)) - {"default"})
    return [load_audience(name, project) for name in dict.fromkeys(names)]


def check(
    paths: Iterable[Path | str] = ("data",),
    audiences: Iterable[str] | None = None,
    *,
    lint: bool = True,
    today: dt.date | None = None,
    project: Project | None = None,
) -> Report:
    """Validate topics (and their comparison targets) without printing anything, and lint
    them: warnings for text still marked TODO, facts older than `check.stale_months` in
    guide.yaml (counted to `today`), missing sources or answers, a summary too long for
    its box on the paper of `audiences` (default: the project's), comparison aspects
    missing on a side. `lint=False` only validates."""
    project = project or Project.find()
    report = Report()
    gather(topic_files(paths), resolve_audiences(audiences, project), project, report,
           lint=lint, today=today)
    return report


def gather(
    files: Iterable[Path], audiences: list[Audience], project: Project, report: Report, *,
    strict: bool = False, lint: bool = True, today: dt.date | None = None,
    topics: TopicCache | None = None,
) -> list[LoadedTopic]:
    """The topics of `files` that are valid, each with its comparison target; their
    problems, with `guide check`'s warnings, go to `report`, and the files that fail to
    `report.failed`. The one home of what `strict` means before a page is printed: a
    topic with any warning fails, its warnings turned errors, as `check --strict` fails
    it (`build` then adds the print warnings of each sheet)."""
    from guide import lint as linting

    stale_months = load_config(project).check.stale_months
    # A summary is judged as written, at the default audience's text size, on each paper
    # asked for: large print lets its box run over a page, by design.
    base = load_audience("default", project)
    judged = [base.with_paper(paper) for paper in dict.fromkeys(a.paper for a in audiences)]
    topics = topics or TopicCache(project)
    found = []
    for path in files:
        own = Report()
        loaded = topics.resolve(path, own)
        if loaded is not None and lint:
            doc, _ = topics.get(path)
            own.problems += linting.lint_topic(doc, loaded.topic, judged,
                                               today or linting.today(), stale_months)
        if strict and own.warnings:
            own.problems, loaded = as_errors(own.problems), None
        report.problems += own.problems
        if loaded is None:
            report.failed.append(path)
        else:
            found.append(loaded)
    return found


@dataclass(frozen=True)
class _Job:
    """One sheet (or set of flashcards) to print: a topic for an audience, with its HTML
    and dating."""

    loaded: LoadedTopic
    audience: Audience
    html: str
    epoch: int
    flashcards: bool = False
    translation: LoadedTopic | None = None

    @property
    def name(self) -> str:
        return self.audience.file_stem(self.loaded.id, "flashcards" * self.flashcards)


def build(
    paths: Iterable[Path | str] = ("data",),
    audiences: Iterable[str] | None = None,
    out_dir: Path | str = "out",
    *,
    html: bool = False,
    paper: str | None = None,
    strict: bool = False,
    pdf_variant: str | None = None,
    limits: Limits | None = None,
    jobs: int | None = None,
    cache: bool = True,
    flashcards: bool = False,
    lint: bool = True,
    today: dt.date | None = None,
    progress: Callable[[Path, str], None] | None = None,
    project: Project | None = None,
    executor: Executor | None = None,
    scheduler: str | None = None,
) -> Report:
    """Build `<out>/<topic>-<audience>.pdf` for every topic and audience, or with
    `flashcards` `<out>/<topic>-<audience>-flashcards.pdf` (see `guide.flashcards`); a
    `paper` other than the audience's own adds its name (`-letter`), so that it never
    replaces the audience's own sheet.

    A topic that fails is reported and skipped; the others are still built. `guide
    check`'s warnings (facts' ages counted to `today`; `lint=False` leaves out all but
    the comparison's, as `check` does) are reported too; under `strict` they fail their
    topic, and the print warnings (the print-readiness report, a page budget exceeded,
    CSS problems) their sheet. `pdf_variant` asks for PDF/A, PDF/UA or
    PDF/X (see `guide.pdf.pdf_variants`). Sheets are laid out `jobs` at a time (default:
    the machine's cores), each in a worker process under `limits` (default: from
    guide.yaml), unless another `executor` is given, or a Dask `scheduler`'s address
    (default: guide.yaml's `executor:`), whose workers then lay them out. Unchanged
    sheets come from the cache unless `cache` is false.
    `progress(path, status)` is called as each sheet ends. Raises UsageError for an
    unknown audience, variant or a missing path.
    """
    started = time.monotonic()
    project = project or Project.find()
    chosen = [a.with_paper(paper) for a in resolve_audiences(audiences, project)]
    files = topic_files(paths)
    from guide.pdf import check_variant

    check_variant(pdf_variant)
    config = load_config(project)
    limits = limits or config.limits.limits()
    report = Report(problems=project_stylesheet_problems(chosen, project))
    if strict and report.problems:
        raise GuideError(as_errors(report.problems))

    # Render every HTML here, one after the other; only the layout runs in parallel.
    todo: list[_Job] = []
    topics = TopicCache(project)
    for loaded in gather(files, chosen, project, report, strict=strict, lint=lint,
                         today=today, topics=topics):
        path = loaded.path
        for audience in chosen:
            lang = audience.bilingual
            if lang and _original(path, lang):
                continue  # a translation: printed after its topic
            edition = _translation(path, lang) if lang and not flashcards else None
            translation = topics.resolve(edition, report) if edition else None
            try:
                todo.append(_job(loaded, audience, project, flashcards, translation))
            except GuideError as exc:
                report.problems += exc.problems
                report.failed.append(path)

    store = Cache(cache_location(project, config.cache), project) if cache else None
    keys = {}
    if store is not None:
        keys = {job.name: store.key(job.html, job.name, job.epoch, pdf_variant) for job in todo}
    found = {name: printed for name, key in keys.items() if (printed := store.get(key))}
    pending = [job for job in todo if job.name not in found]
    with executor_for(executor, scheduler or config.executor, limits, jobs) as runner:
        done = [(job, found[job.name]) for job in todo if job.name in found]
        # Chained, not listed: each sheet is written and shown as it ends.
        for job, printed in chain(done, _print_jobs(pending, runner, project, pdf_variant)):
            cached = job.name in found
            try:
                if isinstance(printed, GuideError):
                    raise printed
                if store is not None and not cached:
                    store.put(keys[job.name], printed)
                target = _finish(job, printed, Path(out_dir), html, strict, report)
            except GuideError as exc:
                report.problems += exc.problems
                report.failed.append(job.loaded.path)
                status = "failed"
            else:
                (report.cached if cached else report.built).append(target)
                status = "cached" if cached else "built"
            if progress:
                progress(Path(out_dir) / f"{job.name}.pdf", status)
    order = {f"{job.name}.pdf": i for i, job in enumerate(todo)}
    report.built.sort(key=lambda p: order[p.name])
    report.cached.sort(key=lambda p: order[p.name])
    report.seconds = time.monotonic() - started
    return report


def project_stylesheet_problems(audiences: list[Audience], project: Project) -> list[Problem]:
    """What the project's own stylesheets (audience css, themes) reach for outside the
    boundary, by file and line: WeasyPrint will refuse it, but cannot say who asked."""
    sheets = [a.css for a in audiences if a.css is not None]
    sheets += [project.stylesheet("themes", a.theme) for a in audiences]
    own = [s for s in dict.fromkeys(sheets) if s is not None and not s.is_relative_to(
        project.builtin_styles)]
    return [problem for sheet in own for problem in stylesheet_problems(sheet, project.roots())]


def source_epoch(topic: Topic) -> int:
    """The moment a sheet is dated, for reproducible bytes: SOURCE_DATE_EPOCH where given,
    else the topic's `as_of`, else its latest dated event or source, else 1970."""
    if (given := os.environ.get("SOURCE_DATE_EPOCH", "")).isdigit():
        return int(given)
    dates = [topic.as_of] if topic.as_of else [
        *(event.date for event in topic.timeline),
        *(source.date for source in topic.sources if source.date),
    ]
    if not dates:
        return 0
    latest = max(dates, key=lambda d: d.sort_key)
    moment = dt.datetime(latest.year, latest.month or 1, latest.day or 1, tzinfo=dt.UTC)
    return int(moment.timestamp())


def _translation(path: Path, lang: str) -> Path | None:
    """The topic's translation into `lang` (`csto.hi.yaml` or `csto.hi.md` beside
    `csto.yaml`), if any."""
    return next(iter(same_id(path.with_name(f"{path.stem}.{lang}.yaml"))), None)


def _original(path: Path, lang: str) -> Path | None:
    """The topic that `path` translates into `lang` (`csto.yaml` or `csto.md` for
    `csto.hi.yaml`)."""
    if not path.stem.endswith(f".{lang}"):
        return None
    return next(iter(same_id(path.with_name(path.stem.removesuffix(f".{lang}") + ".yaml"))),
                None)


def _job(loaded: LoadedTopic, audience: Audience, project: Project, flashcards: bool,
         translation: LoadedTopic | None = None, fitted: int | None = None) -> _Job:
    """The job of printing `loaded` for `audience`; `fitted` is the budget in pages that an
    audience printed at a lower level than its own is fitted to."""
    from guide.render import render_bilingual, render_html

    epoch = source_epoch(loaded.topic)
    view = select(loaded.topic, audience, loaded.other)
    dated = dt.datetime.fromtimestamp(epoch, dt.UTC)
    if translation is not None:
        other = select(translation.topic, audience, translation.other)
        html = render_bilingual([view, other], project, loaded.id, dated)
        return _Job(loaded, audience, html, epoch, translation=translation)
    if not flashcards:
        html = render_html(view, project, loaded.id, dated, fitted=fitted)
        return _Job(loaded, audience, html, epoch)
    from guide.flashcards import MARGIN_MM, Layout, cards

    layout = Layout.for_audience(audience)
    html = render_html(
        view, project, loaded.id, dated, "flashcards.html", layout=layout, margin=MARGIN_MM,
        sheets=layout.sheets(cards(loaded.topic, view.topic, loaded.other)),
    )
    return _Job(loaded, audience, html, epoch, flashcards=True)


def _print_jobs(todo: list[_Job], executor: Executor, project: Project, variant: str | None
                ) -> Iterator[tuple[_Job, Printed | GuideError]]:
    """Each job's printed sheet, or why it failed, as it ends. An audience with `fit` that
    runs over its `pages` is printed again a level lower, down to level 1, until it fits
    (`Printed.level` says which was printed)."""
    from guide.fetch import Bundle
    from guide.pdf import print_pdf

    if not todo:
        return
    bundle = Bundle.of(project)  # what the sheets load, sent to workers by content
    round_ = [(job, job, None) for job in todo]  # (the job, the one printed, its level)
    while round_:
        tasks = [Task(print_pdf, (printing.html, bundle, job.name, job.epoch, variant),
                      job.name) for job, printing, _ in round_]
        again = []
        for index, result in executor.run(tasks):
            job, printing, level = round_[index]
            if isinstance(result, LimitExceeded):
                yield job, GuideError([Problem(job.loaded.path, f"{job.audience.name}: {result}")])
                continue
            if isinstance(result, GuideError):
                yield job, result
                continue
            if isinstance(result, BaseException):
                raise result
            if level is not None:
                result = replace(result, level=level, html=printing.html)
            audience, lower = job.audience, (level or job.audience.level) - 1
            if (audience.fit and audience.pages and result.pages > audience.pages and lower >= 1
                    and not job.flashcards and job.translation is None):
                fitted = _job(job.loaded, replace(audience, level=lower), project, False,
                              fitted=audience.pages)
                again.append((job, fitted, lower))
            else:
                yield job, result
        round_ = again


def _finish(
    job: _Job, printed: Printed, out: Path, html: bool, strict: bool, report: Report
) -> Path:
    """Report the sheet's warnings and write it; under `strict` a warning fails it unwritten."""
    from guide.pdf import write_atomic

    where, audience = job.loaded.path, job.audience
    warnings = [
        Problem(where, f"{audience.name}: {message}", severity=Severity.WARNING)
        for message in printed.messages
    ]
    if audience.pages and printed.pages > audience.pages and not job.flashcards:
        warnings.append(
            Problem(
                where,
                f"{audience.name}: {printed.pages} pages, over the audience's "
                f"budget of {audience.pages}",
                severity=Severity.WARNING,
            )
        )
    if strict and warnings:
        raise GuideError(as_errors(warnings))
    report.problems += warnings
    if printed.level is not None:
        report.problems.append(Problem(
            where, f"{audience.name}: printed up to level {printed.level} of "
                   f"{audience.level}, to fit its {audience.pages} pages (fit: true)",
            severity=Severity.NOTE))
    target = out / f"{job.name}.pdf"
    try:
        if html:
            write_atomic(target.with_suffix(".html"), (printed.html or job.html).encode())
        write_atomic(target, printed.data)
    except OSError as exc:
        raise GuideError([Problem(target, f"cannot write: {exc.strerror or exc}")]) from None
    return target
