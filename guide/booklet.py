"""Booklets: many topics in one PDF with a cover, contents, continuous page numbers, one
outline and one answer key; optionally imposed two-up for a school printer."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from guide.audience import select
from guide.build import (
    LoadedTopic,
    Report,
    TopicCache,
    resolve_audiences,
    source_epoch,
    topic_files,
)
from guide.cache import FOLDER_NAME as CACHE_FOLDER
from guide.cache import Cache
from guide.config import load_config
from guide.errors import GuideError, Problem, Severity, UsageError, as_errors
from guide.fetch import weasyprint
from guide.resources import Project
from guide.worker import LimitExceeded, Limits, run_limited

IMPOSITIONS = ("saddle", "2up")
# An imposed booklet prints on half the sheet it is imposed on.
HALF = {"A4": "A5", "A5": "A5", "Letter": "half-letter", "Legal": "half-letter"}


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
    limits: Limits | None = None,
    project: Project | None = None,
) -> Report:
    """Build `<out>/<name>-<audience>.pdf`, one booklet of all the topics per audience.

    A topic that fails is reported and left out; the booklet holds the others. An
    unchanged booklet comes from the cache unless `cache` is false; `html_too` also
    writes its HTML.
    """
    from guide.pdf import print_pdf, write_atomic
    from guide.render import render_booklet_html

    if impose is not None and impose not in IMPOSITIONS:
        raise UsageError([Problem(None, f"--impose takes {' or '.join(IMPOSITIONS)}")])
    project = project or Project.find()
    config = load_config(project)
    chosen = [a.with_paper(paper) for a in resolve_audiences(audiences, project)]
    given = [Path(p) for p in paths]
    files = topic_files(given)
    report = Report()
    topics = TopicCache()
    loaded = [t for path in files if (t := topics.resolve(path, report)) is not None]
    report.failed += [path for path in files if path not in {t.path for t in loaded}]
    if not loaded:
        return report
    ordered = order_topics(loaded, config.order, all(p.is_file() for p in given))
    cover = config.booklet.model_dump()
    cover["title"] = cover["title"] or name
    if config.booklet.logo:
        cover["logo"] = (project.root / config.booklet.logo).resolve().as_uri()
    epoch = max(source_epoch(t.topic) for t in ordered)
    dated = dt.datetime.fromtimestamp(epoch, dt.UTC)
    cover["date"] = cover["date"] or f"{dated.day} {dated:%B %Y}"
    limits = limits or config.limits.limits()
    store = Cache(project.root / CACHE_FOLDER, project) if cache else None
    for audience in chosen:
        if impose:
            audience = replace(audience, paper=HALF[audience.paper])
        target = Path(out_dir) / f"{name}-{audience.name}.pdf"
        try:
            html = render_booklet_html(
                [(t.id, select(t.topic, audience, t.other)) for t in ordered],
                audience, project, cover, dated, duplex,
            )
            key = store.key(html, target.stem, epoch) if store else ""
            printed = store.get(key) if store else None
            cached = printed is not None
            if printed is None:
                weasyprint()
                printed = run_limited(
                    print_pdf, (html, project, target.stem, epoch, None), limits
                )
                if store:
                    store.put(key, printed)
        except LimitExceeded as exc:
            report.problems.append(Problem(None, f"booklet {target.name}: {exc}"))
            continue
        except GuideError as exc:
            report.problems += exc.problems
            continue
        warnings = [
            Problem(None, f"booklet {target.name}: {message}", severity=Severity.WARNING)
            for message in printed.messages
        ]
        if strict and warnings:
            report.problems += as_errors(warnings)
            continue
        report.problems += warnings
        data = printed.data
        if impose:
            from guide.impose import impose as lay_two_up

            data = lay_two_up(data, impose, audience.paper)
        if html_too:
            write_atomic(target.with_suffix(".html"), html.encode())
        write_atomic(target, data)
        (report.cached if cached else report.built).append(target)
    return report
