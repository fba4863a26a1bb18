"""The Python API the command line is a thin shell over: each call is a `Request` run
for one product (see `guide.pipeline.runner` and `guide.products`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

from guide.pipeline.executors import Executor
from guide.pipeline.report import Report
from guide.pipeline.runner import Request, run
from guide.pipeline.topics import (
    TopicCache,
    gather,
    load_topic_document,
    resolve_audiences,
    topic_files,
)
from guide.products import product
from guide.products.booklet import Cover
from guide.source.config import Limits, load_config
from guide.source.model import Topic
from guide.source.resources import Project

__all__ = ["Report", "build", "build_booklet", "build_web", "check", "load_topic",
           "load_topic_document", "topic_files"]


def load_topic(path: Path | str, project: Project | None = None) -> Topic:
    """Load and validate one topic file, and its figures' files in the images/ of `project`
    (default: the project around the working folder); raises GuideError listing every
    problem."""
    return TopicCache(project).get(Path(path))[1]


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
    config = load_config(project)
    report = Report()
    gather(topic_files(paths), resolve_audiences(audiences, project, config), project, report,
           config, lint=lint, today=today)
    return report


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
    dry_run: bool = False,
) -> Report:
    """Build `<out>/<topic>-<audience>.pdf` for every topic and audience, or with
    `flashcards` `<out>/<topic>-<audience>-flashcards.pdf` (see `guide.products`); a
    `paper` other than the audience's own adds its name (`-letter`), so that it never
    replaces the audience's own sheet.

    A topic that fails is reported and skipped; the others are still built. `guide
    check`'s warnings (facts' ages counted to `today`; `lint=False` leaves out all but
    the comparison's, as `check` does) are reported too; under `strict` they fail their
    topic, and the print warnings (the print-readiness report, a page budget exceeded,
    CSS problems) their sheet. `pdf_variant` asks for PDF/A, PDF/UA or PDF/X (see
    `guide.press.pdf.pdf_variants`). Sheets are laid out `jobs` at a time (default: the
    machine's cores), each in a worker process under `limits` (default: from guide.yaml),
    unless another `executor` is given, or a Dask `scheduler`'s address (default:
    guide.yaml's `executor:`; see docs/cluster.md), whose workers then lay them out.
    Unchanged sheets come from the cache (guide.yaml's `cache:`) unless `cache` is
    false. `progress(path, status)` is called as each sheet ends. `dry_run` lays out and
    writes nothing: the report holds the topics' problems and the `plan`, every job the
    build would run. Raises UsageError for an unknown audience, variant or a missing path.
    """
    request = Request(paths, audiences, out_dir, paper, strict, pdf_variant, html, cache, jobs,
                      limits, lint, today, progress, project, executor, scheduler,
                      dry_run=dry_run)
    return run(product("flashcards" if flashcards else "sheet"), request)


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
    dry_run: bool = False,
) -> Report:
    """Build `<out>/<name>-<audience>.pdf`, one booklet of all the topics per audience
    (`-letter`, say, added on a `paper` other than the audience's own).

    The cover's `title`, `subtitle`, `school`, `subject` and `class_name` default to
    `booklet:` in guide.yaml; the title then to the topics' names, when there are at most
    four (`name` is a file name, not a title for pupils).

    A topic that fails is reported and left out; the booklet holds the others. Parts are
    laid out `jobs` at a time (default: the machine's cores); unchanged parts, and an
    unchanged booklet, come from the cache unless `cache` is false. `html_too` also writes
    the whole booklet's HTML. `pdf_variant`, `limits`, `lint`, `today`, `progress` and
    `executor` and `scheduler` are as for `build` (the parts on the cluster, the join
    here), `progress` called as each part ends; `dry_run` as for `build`.
    """
    cover = Cover(title, subtitle, school, subject, class_name)
    request = Request(paths, audiences, out_dir, paper, strict, pdf_variant, html_too, cache,
                      jobs, limits, lint, today, progress, project, executor, scheduler,
                      {"name": name, "cover": cover, "duplex": duplex, "impose": impose},
                      dry_run)
    return run(product("booklet"), request)


def build_web(
    paths: Iterable[Path | str] = ("data",),
    audiences: Iterable[str] | None = None,
    out_dir: Path | str = "out/web",
    *,
    project: Project | None = None,
    lint: bool = True,
    strict: bool = False,
    today: dt.date | None = None,
    progress: Callable[[Path, str], None] | None = None,
    dry_run: bool = False,
) -> Report:
    """Write the web edition (see `guide.products.web`): `<out>/index.html` and a page per
    topic and group of `audiences` that read it alike. Topics are loaded and checked as
    `build` does (`lint`, `strict`, `today` and `dry_run` mean the same)."""
    request = Request(paths, audiences, out_dir, strict=strict, lint=lint, today=today,
                      progress=progress, project=project, dry_run=dry_run)
    return run(product("web"), request)
