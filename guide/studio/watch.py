"""`guide watch`: build, then build again at every saved change, in one warm process.

WeasyPrint is imported once and every sheet is laid out in a worker forked from this
process, so a rebuild skips the start-up a new command pays. What a change affects (the
topic, the topics that compare with it, an audience, a theme, a template) is laid out
again; the build cache recognises everything else unchanged.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from guide.api import Report, build
from guide.errors import GuideError
from guide.press.pdf import warm_up
from guide.source.resources import Project

WATCHED = (".yaml", ".yml", ".md", ".css", ".html", ".svg", ".png", ".jpg", ".jpeg", ".ttf",
           ".otf", ".woff2")


def watch(
    paths: Iterable[Path | str],
    audiences: Iterable[str] | None,
    out_dir: Path | str,
    shown: Callable[[Report | GuideError, list[Path]], None],
    *,
    project: Project | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Build `paths` for `audiences` into `out_dir`, then again after each change to the
    topics, `guide.yaml`, or the project's styles, templates and images, until `stop` is set.

    `shown(result, changed)` gets each build's report (or the error that stopped it, such
    as a broken guide.yaml) and the files whose change started it; watching goes on.
    """
    project = project or Project.find()
    paths = [Path(p) for p in paths]
    audiences = list(audiences) if audiences else None
    warm_up()  # once, here: every worker forked for a rebuild starts warm

    def once(changed: list[Path]) -> None:
        try:
            shown(build(paths, audiences, out_dir, project=project), changed)
        except GuideError as exc:
            shown(exc, changed)

    for changed in saved_changes(project, paths, stop):
        once(changed)  # the first time with nothing changed: the first build


def saved_changes(project: Project, paths: Iterable[Path], stop: threading.Event | None,
                  debounce_ms: int = 300) -> Iterator[list[Path]]:
    """An empty list as soon as watching has begun, then the files saved, a batch at a
    time, among the topics in `paths`, `guide.yaml` and the project's styles, templates
    and images, until `stop` is set. Starting first, nothing saved during the first
    build is missed."""
    from watchfiles import watch as changes

    folders = {p if p.is_dir() else p.parent for p in paths}
    folders |= {f for f in (project.styles, project.templates, project.images) if f.is_dir()}
    sources = [*folders, *([project.config] if project.config.is_file() else [])]
    started = False
    for batch in changes(*sources, stop_event=stop, debounce=debounce_ms, step=50,
                         watch_filter=lambda _, name: name.endswith(WATCHED),
                         yield_on_timeout=True, rust_timeout=100):
        if batch or not started:
            started = True
            yield sorted({Path(name) for _, name in batch})
