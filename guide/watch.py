"""`guide watch`: build, then build again at every saved change, in one warm process.

WeasyPrint is imported once and every sheet is laid out in a worker forked from this
process, so a rebuild skips the start-up a new command pays. What a change affects (the
topic, the topics that compare with it, an audience, a theme, a template) is laid out
again; the build cache recognises everything else unchanged.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from guide.build import Report, build
from guide.errors import GuideError
from guide.fetch import weasyprint
from guide.resources import Project

WATCHED = (".yaml", ".yml", ".css", ".html", ".svg", ".png", ".jpg", ".ttf", ".otf", ".woff2")


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
    topics, `guide.yaml`, or the project's styles and templates, until `stop` is set.

    `shown(result, changed)` gets each build's report (or the error that stopped it, such
    as a broken guide.yaml) and the files whose change started it; watching goes on.
    """
    from watchfiles import watch as changes

    project = project or Project.find()
    paths = [Path(p) for p in paths]
    audiences = list(audiences) if audiences else None
    _warm_up(project)

    def once(changed: list[Path]) -> None:
        try:
            shown(build(paths, audiences, out_dir, project=project), changed)
        except GuideError as exc:
            shown(exc, changed)

    once([])
    folders = {p if p.is_dir() else p.parent for p in paths}
    folders |= {f for f in (project.styles, project.templates) if f.is_dir()}
    sources = [*folders, *([project.config] if project.config.is_file() else [])]
    for batch in changes(*sources, stop_event=stop, debounce=300, step=50,
                         watch_filter=lambda _, name: name.endswith(WATCHED)):
        once(sorted({Path(name) for _, name in batch}))


def _warm_up(project: Project) -> None:
    """Import WeasyPrint and lay out one small page here, so that the workers forked for
    each rebuild inherit what a first page costs (its user-agent style sheet, fonts)."""
    from guide.pdf import lay_out

    weasyprint()
    lay_out("<p>guide</p>", project).write_pdf()
