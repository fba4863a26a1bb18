"""The `guide` command: a thin shell over `guide.api`."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

import click

from guide.errors import GuideError, Problem, Severity, UsageError, display_path
from guide.source.paper import CHOOSABLE, PAPERS, sheet_of

if TYPE_CHECKING:
    from guide.pipeline.report import Report
    from guide.pipeline.stamp import Replay, Stamp

T = TypeVar("T")


COLOURS = {Severity.ERROR.name: "red", Severity.WARNING.name: "yellow"}  # by severity


def _show(problems: list[Problem]) -> None:
    for problem in problems:
        click.secho(str(problem), fg=COLOURS.get(problem.severity.name), err=True)


def _run(action: Callable[[], T]) -> T:
    """Run an API call; usage errors exit 2, input errors 1, never a traceback."""
    try:
        return action()
    except KeyboardInterrupt:
        click.secho("interrupted", fg="red", err=True)
        sys.exit(130)
    except UsageError as exc:
        _show(exc.problems)
        sys.exit(2)
    except GuideError as exc:
        _show(exc.problems)
        sys.exit(1)


def _day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    try:
        return None if value is None else dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date as YYYY-MM-DD, got {value!r}") from None


paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
audiences_option = click.option(
    "-a", "--audience", "audiences", multiple=True,
    help="An audience to build for; repeat it, or `all`. Default: from guide.yaml.")
today_option = click.option(
    "--today", callback=_day, metavar="YYYY-MM-DD",
    help="Count the facts' ages to this day, not today's date: the same verdict any day.")
out_option = click.option(
    "-o", "--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"),
    show_default=True, help="Folder for the PDFs.")
dry_run_option = click.option(
    "--dry-run", is_flag=True,
    help="Check the topics and list every job the build would run, what each waits for "
    "and the file it writes; lay out and write nothing.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="guide")
def main() -> None:
    """Printable study-guide fact sheets from YAML topics."""


@main.command(name="build")
@paths_argument
@audiences_option
@out_option
@click.option("--html", is_flag=True, help="Also write each sheet's HTML beside its PDF.")
@click.option("--paper", type=click.Choice(CHOOSABLE, case_sensitive=False),
              help="Override the audiences' paper size; a sheet on another paper than its "
              "audience's own is named for it, OUT/TOPIC-AUDIENCE-letter.pdf.")
@click.option("--strict", is_flag=True,
              help="Fail on any warning: a topic on `guide check`'s, a sheet on a print "
              "warning (layout, page budget, CSS).")
@today_option
@click.option("--pdf-variant", metavar="VARIANT",
              help="Write PDF/A or PDF/UA: pdf/a-3b, pdf/a-4u, pdf/ua-1, pdf/ua-2, ...")
@click.option("-j", "--jobs", type=click.IntRange(min=1),
              help="Sheets (or booklet parts) laid out at once. Default: the machine's cores.")
@click.option("--no-cache", is_flag=True, help="Lay out every sheet again, cached or not.")
@click.option("--scheduler", metavar="tcp://HOST:PORT", envvar="GUIDE_SCHEDULER",
              help="Lay out on the workers of this Dask scheduler (pip install "
              "\"guide[cluster]\"; see docs/cluster.md). Default: $GUIDE_SCHEDULER, else "
              "executor: in guide.yaml, else this machine.")
@click.option("--flashcards", is_flag=True,
              help="Cut-out cards, OUT/TOPIC-AUDIENCE-flashcards.pdf; print duplex, long edge.")
@click.option("--booklet", metavar="NAME",
              help="Compile the topics into one booklet, OUT/NAME-AUDIENCE.pdf.")
@click.option("--title", help="Booklet: the cover's title (default: guide.yaml, else the "
              "topics' names).")
@click.option("--subtitle", help="Booklet: the cover's subtitle (default: guide.yaml).")
@click.option("--school", help="Booklet: the school's name on the cover (default: guide.yaml).")
@click.option("--subject", help="Booklet: the subject on the cover (default: guide.yaml).")
@click.option("--class", "class_name", metavar="TEXT",
              help="Booklet: the class on the cover (default: guide.yaml).")
@click.option("--duplex", is_flag=True,
              help="Booklet: printed on both sides and bound: each topic on a right-hand page, "
              "a gutter on the inner edge, page numbers on the outer.")
@click.option("--impose", type=click.Choice(["saddle", "2up"]),
              help="Booklet: two pages a sheet, folded (saddle) or in reading order (2up).")
@dry_run_option
def build_command(
    paths: tuple[Path, ...], audiences: tuple[str, ...], out_dir: Path, html: bool, paper: str,
    strict: bool, today: dt.date | None, pdf_variant: str | None, jobs: int | None,
    no_cache: bool, scheduler: str | None, flashcards: bool, booklet: str | None, title: str | None,
    subtitle: str | None, school: str | None, subject: str | None, class_name: str | None,
    duplex: bool, impose: str | None, dry_run: bool,
) -> None:
    """Build PDF fact sheets from topic files or folders (default: data/).

    Every flag applies to what is built, or the command is refused (exit 2) saying why:
    booklet flags need --booklet; --flashcards is not for booklets;
    texts may not be empty; --impose prints on A4 or Letter sheets only.
    """
    topics = paths or (Path("data"),)
    stamp = None if no_cache or dry_run else _stamp(click.get_current_context().params,
                                                     out_dir, topics)
    if stamp is not None and (replay := stamp.replay()) is not None:
        _replayed(replay, booklet is not None)
        return
    shown: list[tuple[str, str]] = []  # the progress lines, for the stamp
    from guide.pipeline.executors import on_this_machine

    if not dry_run and on_this_machine(scheduler):
        from guide.pipeline import press_server

        # It loads WeasyPrint while the topics are read and rendered; for a booklet or a
        # folder of topics, it warms up too, once for all their workers.
        press_server.start(warm=booklet is not None or any(p.is_dir() for p in topics))
    from guide.api import build

    texts = {"--booklet": booklet, "--title": title, "--subtitle": subtitle,
             "--school": school, "--subject": subject, "--class": class_name}
    if empty := [flag for flag, value in texts.items() if value is not None and not value.strip()]:
        _refuse(f"{_listed(empty)} empty: give {'it' if len(empty) == 1 else 'each'} a text, "
                f"or leave {'it' if len(empty) == 1 else 'them'} out")
    booklet_only = {"--title": title, "--subtitle": subtitle, "--school": school,
                    "--subject": subject, "--class": class_name, "--duplex": duplex,
                    "--impose": impose}
    not_for_booklets = {"--flashcards": flashcards}
    if not booklet and (given := [flag for flag, value in booklet_only.items() if value]):
        _refuse(f"{_listed(given)} only for a booklet: add --booklet NAME, or leave "
                f"{'it' if len(given) == 1 else 'them'} out")
    if booklet and (given := [flag for flag, value in not_for_booklets.items() if value]):
        _refuse(f"{_listed(given)} not for a booklet: leave "
                f"{'it' if len(given) == 1 else 'them'} out, or --booklet")
    if impose and paper:
        from guide.source.audience import normalise_paper

        page = PAPERS[normalise_paper(paper)].half
        if normalise_paper(paper) not in (page, sheet_of(page)):
            _refuse(f"--paper {paper} cannot apply with --impose, which prints {page} pages "
                    f"two to a {sheet_of(page)} sheet: give --paper {sheet_of(page)}, or "
                    "leave --impose out")
    if booklet:
        from guide.api import build_booklet

        with _progress(shown) as progress:
            report = _run(lambda: build_booklet(topics, booklet, audiences or None,
                                                out_dir, duplex=duplex, impose=impose,
                                                paper=paper, strict=strict, html_too=html,
                                                pdf_variant=pdf_variant,
                                                cache=not no_cache, jobs=jobs,
                                                scheduler=scheduler,
                                                title=title, subtitle=subtitle, school=school,
                                                subject=subject, class_name=class_name,
                                                today=today, progress=progress,
                                                dry_run=dry_run))
        if dry_run:
            _show_plan(report)
        _show(report.problems)
        for path in report.built:
            click.echo(f"built {path}")
        for path in report.cached:
            click.echo(f"cached {path}")
        click.echo(_booklets_made(len(report.built) + len(report.cached), len(report.failed),
                                  report.seconds))
        if report.failed or not report.ok:
            sys.exit(1)
        _stamped(stamp, report, shown, html)
        return
    with _progress(shown) as progress:
        report = _run(lambda: build(topics, audiences or None, out_dir,
                                    html=html, paper=paper, strict=strict,
                                    pdf_variant=pdf_variant, jobs=jobs, cache=not no_cache,
                                    scheduler=scheduler, flashcards=flashcards, today=today,
                                    progress=progress, dry_run=dry_run))
    if dry_run:
        _show_plan(report)
    _show(report.problems)
    failed = list(dict.fromkeys(report.failed))
    click.echo(_sheets_made(len(report.built), len(report.cached), len(failed),
                            report.seconds))
    if failed:
        click.secho(f"failed: {', '.join(map(str, failed))}", fg="red", err=True)
        sys.exit(1)
    if report.ok:
        _stamped(stamp, report, shown, html)


def _stamp(options: dict[str, object], out_dir: Path, paths: tuple[Path, ...]) -> Stamp:
    """The stamp of this build (`guide.pipeline.stamp`): its options, and the state of what
    it may read: the topics' folders, guide.yaml, styles, templates, images, guide's code."""
    from guide.pipeline.stamp import Stamp
    from guide.source.resources import PACKAGE, Project

    project = Project.find()
    given = {**options, "paths": [str(p.resolve()) for p in paths],
             "out_dir": str(out_dir.resolve())}
    return Stamp(given, out_dir, paths, project.root, (*project.roots(), PACKAGE))


def _replayed(replay: Replay, booklet: bool) -> None:
    """What the stamped build printed, everything now cached, as a full rebuild says it."""
    started = time.perf_counter()
    for what, _status in replay.progress:
        click.echo(f"cached {what}")
    for severity, text in replay.problems:
        click.secho(text, fg=COLOURS.get(severity), err=True)
    if booklet:
        for path in replay.outputs:
            click.echo(f"cached {path}")
        click.echo(_booklets_made(len(replay.outputs), 0, time.perf_counter() - started))
    else:
        click.echo(_sheets_made(0, len(replay.outputs), 0, time.perf_counter() - started))


def _sheets_made(built: int, cached: int, failed: int, seconds: float) -> str:
    """A sheet build's summary line, built or replayed from its stamp."""
    return f"{built} built, {cached} cached, {failed} failed in {seconds:.1f} s"


def _booklets_made(made: int, left_out: int, seconds: float) -> str:
    """A booklet build's summary line, built or replayed from its stamp."""
    return f"{made} booklet(s), {left_out} topic(s) left out, in {seconds:.1f} s"


def _stamped(stamp: Stamp | None, report: Report, shown: list[tuple[str, str]],
             html: bool) -> None:
    """Leave the stamp of a build that succeeded."""
    if stamp is None:
        return
    from guide.pipeline.stamp import Replay

    outputs = [*report.built, *report.cached]
    problems = [(p.severity.name, str(p)) for p in report.problems]
    written = outputs + ([p.with_suffix(".html") for p in outputs] if html else [])
    stamp.record(Replay(problems, shown, [str(p) for p in outputs]), written)


def _show_plan(report: Report) -> NoReturn:
    """A dry run's plan on standard output, its topics' problems on standard error; exit 1
    where a topic failed, as the build would."""
    assert report.plan is not None
    _show(report.problems)
    click.echo(report.plan.describe())
    failed = list(dict.fromkeys(report.failed))
    if failed:
        click.secho(f"failed: {', '.join(map(str, failed))}", fg="red", err=True)
    sys.exit(1 if failed or not report.ok else 0)


def _listed(flags: list[str]) -> str:
    """`--a is` or `--a and --b are`, to start a sentence about them."""
    if len(flags) == 1:
        return f"{flags[0]} is"
    return f"{', '.join(flags[:-1])} and {flags[-1]} are"


def _refuse(message: str) -> None:
    """A usage error: said on standard error, exit status 2."""
    _show([Problem(None, message)])
    sys.exit(2)


@contextmanager
def _progress(shown: list[tuple[str, str]]) -> Iterator[Callable[[Path, str], None]]:
    """A progress bar on a terminal; elsewhere a plain line for each sheet as it ends.
    Each line is added to `shown`, for the build's stamp."""
    if not sys.stderr.isatty():
        def line(path: Path, status: str) -> None:
            shown.append((str(path), status))
            click.echo(f"{status} {path}")

        yield line
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("printing", total=None)

        def advance(path: Path, status: str) -> None:
            shown.append((str(path), status))
            bar.console.print(f"{status} {path}")
            bar.advance(task)

        yield advance


@main.command(name="check")
@paths_argument
@click.option("-a", "--audience", "audiences", multiple=True, metavar="AUDIENCE",
              help="Check the summary fits these audiences' paper (default: guide.yaml's).")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@today_option
@click.option("--format", "form", type=click.Choice(["text", "json"]), default="text",
              help="json: every problem on standard output, for editors and CI.")
def check_command(paths: tuple[Path, ...], audiences: tuple[str, ...], strict: bool,
                  today: dt.date | None, form: str) -> None:
    """Validate and lint topic files without building them.

    Errors make a topic unprintable; warnings (text still marked TODO, stale facts, no
    sources, questions without answers, a summary too long for its box) do not, unless
    --strict. Exit status: 0 clean, 1 errors (or warnings with --strict), 2 usage.
    """
    from guide.api import check

    report = _run(lambda: check(paths or ("data",), audiences or None, today=today))
    failed = bool(report.errors) or (strict and bool(report.warnings))
    if form == "json":
        click.echo(json.dumps({
            "ok": not failed,
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "problems": [_as_json(problem) for problem in report.problems],
        }, indent=2))
    else:
        _show(report.problems)
        if not report.errors:
            warnings = len(report.warnings)
            click.echo(f"{warnings} warning(s), no errors" if warnings else "all valid")
    if failed:
        sys.exit(1)


def _as_json(problem: Problem) -> dict[str, object]:
    return {
        "file": str(problem.file) if problem.file else None,
        "line": problem.line,
        "column": problem.column,
        "key": problem.path or None,
        "severity": str(problem.severity),
        "message": problem.message,
        "source": problem.source,
    }


@main.command(name="web")
@paths_argument
@audiences_option
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=Path("out/web"),
              show_default=True, help="Folder for the pages.")
@click.option("--strict", is_flag=True, help="Leave out a topic with any of `guide check`'s "
              "warnings.")
@today_option
@dry_run_option
def web_command(paths: tuple[Path, ...], audiences: tuple[str, ...], out_dir: Path,
                strict: bool, today: dt.date | None, dry_run: bool) -> None:
    """Write the topics as web pages, to read on a phone or with a screen reader.

    OUT/index.html lists them; OUT/TOPIC-AUDIENCE.html is a topic for the audiences that
    see it alike (answers shown on request), beside its stylesheet, fonts and pictures.
    No script, nothing fetched from elsewhere: the folder can be copied anywhere.
    """
    from guide.api import build_web

    report = _run(lambda: build_web(paths or ("data",), audiences or None, out_dir,
                                    strict=strict, today=today, dry_run=dry_run))
    if dry_run:
        _show_plan(report)
    _show(report.problems)
    for path in report.built:
        click.echo(f"wrote {path}")
    failed = list(dict.fromkeys(report.failed))
    click.echo(f"{len(report.built)} page(s), {len(failed)} topic(s) failed "
               f"in {report.seconds:.1f} s")
    if failed:
        click.secho(f"failed: {', '.join(map(str, failed))}", fg="red", err=True)
        sys.exit(1)


@main.command(name="watch")
@paths_argument
@audiences_option
@out_option
def watch_command(paths: tuple[Path, ...], audiences: tuple[str, ...], out_dir: Path) -> None:
    """Build, then build again whenever a topic, audience, theme or template is saved.

    Only what a change affects is laid out again; problems are shown and watching goes
    on. Ctrl-C stops.
    """
    from guide.studio.watch import watch

    def shown(result: Report | GuideError, changed: list[Path]) -> None:
        if changed:
            click.echo(f"changed: {', '.join(display_path(p) for p in changed)}")
        _show(result.problems)
        if isinstance(result, GuideError):
            click.echo("not built; watching for a fix")
            return
        for path in result.built:
            click.echo(f"built {path}")
        failed = len(set(result.failed))
        click.echo(f"{len(result.built)} built, {len(result.cached)} unchanged, {failed} failed "
                   f"in {result.seconds:.2f} s; watching (Ctrl-C stops)")

    try:
        _run(lambda: watch(paths or ("data",), audiences or None, out_dir, shown))
    except SystemExit as exc:
        if exc.code == 130:  # Ctrl-C: the way to stop watching
            sys.exit(0)
        raise


@main.command(name="serve")
@paths_argument
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; the default lets only this machine in.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="The port (0: any free one).")
def serve_command(paths: tuple[Path, ...], host: str, port: int) -> None:
    """Preview the pages in a browser, with an audience and paper switcher and the
    topic's messages, refreshed whenever a file is saved. Ctrl-C stops."""
    import threading

    from guide.pipeline.cache import FOLDER_NAME
    from guide.press.pdf import warm_up
    from guide.source.resources import Project
    from guide.studio.serve import Preview, make_server, watch_changes

    project = Project.find()
    preview = Preview(project, list(paths or (Path("data"),)),
                      project.root / FOLDER_NAME / "preview")
    try:
        server = make_server(preview, host, port)
    except OSError as exc:
        click.secho(f"cannot listen on {host}:{port}: {exc.strerror}", fg="red", err=True)
        sys.exit(2)
    warm_up()  # once, so that every sheet is laid out warm
    stop = threading.Event()
    threading.Thread(target=watch_changes, args=(preview, stop), daemon=True).start()
    click.echo(f"previewing on http://{host}:{server.server_port}/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()


@main.command(name="new")
@click.argument("title")
@click.option("-d", "--data", "folder", type=click.Path(path_type=Path), default=Path("data"),
              show_default=True, help="The folder of topic files.")
@click.option("--md", "markdown", is_flag=True,
              help="Write DATA/<id>.md: the keys as front matter, sections as ## headings.")
def new_command(title: str, folder: Path, markdown: bool) -> None:
    """Start a topic: write DATA/<id>.yaml (or .md), a skeleton of every part to fill in.

    A YAML topic's first line points editors with the YAML language server (VS Code's YAML
    extension, Neovim's yamlls, JetBrains IDEs) at guide's schema, so they complete keys
    and flag mistakes as you type.
    """
    from guide.source.skeleton import new_topic

    path = _run(lambda: new_topic(title, folder, markdown=markdown))
    click.echo("\n".join([
        f"wrote {path}",
        "  fill it in: replace each TODO, delete what you do not need (docs/format.md)",
        f"  check it:   guide check {path}",
        f"  preview it: guide serve {path}   (the pages in a browser, redrawn as you save)",
        f"  print it:   guide build {path}   (PDFs in out/)",
    ]))


@main.command(name="schema")
@click.argument("kind", type=click.Choice(["topic", "audience", "config"]), default="topic")
def schema_command(kind: str) -> None:
    """Print the JSON Schema (draft 2020-12) of a topic file (the default), an audience
    file or guide.yaml: for editors and checkers that complete and validate YAML."""
    from guide.source.schema import render

    click.echo(render(kind), nl=False)


@main.command(name="audiences")
def audiences_command() -> None:
    """List every audience: built-in ones and the project's own."""
    from guide.source.audience import audience_files, load_audience
    from guide.source.resources import BUILTIN_STYLES, Project

    project = Project.find()
    audiences = _run(lambda: [load_audience(name, project) for name in audience_files(project)])
    rows = [("name", "from", "paper", "variant", "level", "description")]
    for a in audiences:
        origin = "built-in" if a.origin.is_relative_to(BUILTIN_STYLES) else "project"
        paper = f"{a.paper} {a.orientation}" if a.orientation != "portrait" else a.paper
        rows.append((a.name, origin, paper, a.variant, str(a.level), a.description))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False))
                   + "  " + row[5])
