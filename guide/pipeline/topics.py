"""Stage 1 and 2 for a build: the topic files named, loaded and validated once each, with
the topics their comparisons name and their translations, and `guide check`'s lint."""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from guide.content import lint as linting
from guide.errors import GuideError, Problem, Severity, UsageError, as_errors, display_path
from guide.pipeline.report import Report
from guide.press.fetch import stylesheet_problems
from guide.source.audience import Audience, audience_files, load_audience
from guide.source.config import Config, load_config
from guide.source.figures import figure_problems
from guide.source.formats import TOPIC_SUFFIXES, found_topic, read_topic
from guide.source.load import Document
from guide.source.model import Topic, validate_topic
from guide.source.resources import Project


@dataclass
class LoadedTopic:
    """A valid topic with the file it came from."""

    id: str
    path: Path
    topic: Topic
    other: Topic | None = None


def topic_files(paths: Iterable[Path | str]) -> list[Path]:
    """Topic files named directly or found in named folders (a Markdown file there only when it
    opens with front matter); a missing path is a UsageError."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if found_topic(p))
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
    return read_topic(path)


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


def resolve_audiences(names: Iterable[str] | None, project: Project,
                      config: Config | None = None) -> list[Audience]:
    """Audience names as given, else the defaults of the project's `config`.

    `all` means every audience but `default`, the base the others start from.
    """
    names = list(names or (config or load_config(project)).default_audiences)
    if "all" in names:
        names = sorted(set(audience_files(project)) - {"default"})
    return [load_audience(name, project) for name in dict.fromkeys(names)]


def gather(
    files: Iterable[Path], audiences: list[Audience], project: Project, report: Report,
    config: Config | None = None, *, strict: bool = False, lint: bool = True,
    today: dt.date | None = None, topics: TopicCache | None = None,
) -> list[LoadedTopic]:
    """The topics of `files` that are valid, each with its comparison target; their
    problems, with `guide check`'s warnings, go to `report`, and the files that fail to
    `report.failed`. The one home of what `strict` means before a page is printed: a
    topic with any warning fails, its warnings turned errors, as `check --strict` fails
    it (`build` then adds the print warnings of each sheet)."""
    stale_months = (config or load_config(project)).check.stale_months
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


def translation_of(path: Path, lang: str) -> Path | None:
    """The topic's translation into `lang` (`csto.hi.yaml` or `csto.hi.md` beside
    `csto.yaml`), if any."""
    return next(iter(same_id(path.with_name(f"{path.stem}.{lang}.yaml"))), None)


def original_of(path: Path, lang: str) -> Path | None:
    """The topic that `path` translates into `lang` (`csto.yaml` or `csto.md` for
    `csto.hi.yaml`)."""
    if not path.stem.endswith(f".{lang}"):
        return None
    return next(iter(same_id(path.with_name(path.stem.removesuffix(f".{lang}") + ".yaml"))),
                None)


