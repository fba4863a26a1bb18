"""The web edition: the topics as static HTML pages to read on a phone or with a screen reader.

No PDF and no script: an index page, and one page per topic for each set of audiences that
see it alike (level, variant, parts, practice, charts); the practice questions' answers
are shown on request (`<details>`), open in a teacher's copy. The pages link only files
written beside them (a stylesheet, the bundled fonts, the figures' pictures), so the folder
can be copied anywhere and read offline; the charts are inline SVG.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from urllib.parse import quote

from babel import Locale, UnknownLocaleError
from jinja2 import TemplateError

from guide.content.i18n import language
from guide.content.view import select
from guide.errors import GuideError, Problem, UsageError
from guide.pipeline.plan import Job, Plan
from guide.pipeline.report import Report
from guide.pipeline.runner import Request, Run
from guide.pipeline.topics import LoadedTopic
from guide.press.pdf import write_atomic
from guide.products.booklet import order_topics
from guide.render.page import _template_problem, environment, render_html
from guide.source.audience import Audience
from guide.source.figures import find_picture
from guide.source.resources import Project

STYLESHEET = "web/web.css"  # a template name: a project's templates/web/web.css replaces it
# The bundled faces the stylesheet names (styles/fonts/), copied to fonts/ beside the pages.
FONTS = (
    "NotoSerif-Regular.ttf", "NotoSerif-Italic.ttf", "NotoSerif-Bold.ttf",
    "NotoSerif-BoldItalic.ttf", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf",
    "NotoSerifDevanagari-Regular.ttf", "NotoSerifDevanagari-Bold.ttf",
    "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf",
    "NotoSansSymbols-Regular.ttf", "OFL.txt",
)


@dataclass(frozen=True)
class Edition:
    """One page of a topic: for the audiences (the first names it) that see the same
    content on the web, whatever their paper, theme or type size."""

    loaded: LoadedTopic
    audiences: tuple[Audience, ...]

    @property
    def file_name(self) -> str:
        return f"{self.loaded.id}-{self.audiences[0].name}.html"

    @property
    def href(self) -> str:
        return quote(self.file_name)

    @property
    def label(self) -> str:
        return ", ".join(a.name for a in self.audiences)


class Web:
    """`<out>/index.html` and `<out>/<topic>-<audience>.html` for each topic and each group
    of audiences that see it alike, with their stylesheet, fonts and pictures; each file
    atomically, the same bytes for the same input. A topic that fails is reported and left
    out of the index."""

    name = "web"

    def refuse(self, request: Request) -> None:
        """Pages have no paper, PDF variant or layout workers: asking for one is refused."""
        given = [flag for flag, value in (("--paper", request.paper),
                                          ("--pdf-variant", request.pdf_variant),
                                          ("--jobs", request.jobs)) if value]
        if given:
            raise UsageError([Problem(None, f"{', '.join(given)}: not for web pages; "
                                            "leave it out")])

    def plan(self, topics: list[LoadedTopic], run: Run) -> Plan:
        """One job writes the pages, the index and what they link: the pages of a topic
        link its translations' and other audiences' pages, so they are made together."""
        plan = Plan()
        plan.add(Job("web pages", "site", self.name, output=run.out / "index.html",
                     work=partial(self._site, topics, run), quiet=True))
        return plan

    def _site(self, topics: list[LoadedTopic], run: Run) -> bool:
        project, report = run.project, run.report
        given = [Path(path) for path in run.request.paths]
        loaded = _ordered(topics, run.config.order,
                          explicit=all(path.is_file() for path in given))
        groups = _groups(run.audiences)
        pages, pictures, written = _render(loaded, groups, project, report)
        if len(written) < len(loaded):  # again, so that no page links a translation that failed
            pages, pictures, _ = _render(written, groups, project, Report())
        targets = {run.out / name: data for name, data in pages.items()}
        targets[run.out / "index.html"] = _index(written, groups, project,
                                                 run.config.booklet.title)
        try:
            _write_assets(run.out, project, pictures)
        except OSError as exc:
            where = Path(exc.filename) if exc.filename else run.out
            raise GuideError([Problem(where, f"cannot write: {exc.strerror or exc}")]) from None
        for target, data in targets.items():
            run.write(target, data)
            run.progress(target, "built")
        report.built += list(targets)[:-1]  # the index: by the runner, as the job's output
        return False


def _render(loaded: list[LoadedTopic], groups: list[tuple[Audience, ...]], project: Project,
            report: Report) -> tuple[dict[str, bytes], dict[str, Path], list[LoadedTopic]]:
    """Each topic's pages by file name, the pictures they show, and the topics written; a
    topic that fails goes to `report`, none of its pages written."""
    pictures: dict[str, Path] = {}
    pages: dict[str, bytes] = {}
    written: list[LoadedTopic] = []
    for item in loaded:
        editions = [Edition(item, group) for group in groups]
        try:
            for edition in editions:
                pages[edition.file_name] = _page(edition, loaded, groups, project, pictures)
        except GuideError as exc:
            report.problems += exc.problems
            report.failed.append(item.path)
            for edition in editions:
                pages.pop(edition.file_name, None)
        else:
            written.append(item)
    return pages, pictures, written


def _ordered(loaded: list[LoadedTopic], order: list[str], explicit: bool
             ) -> list[LoadedTopic]:
    """The topics in a booklet's order (as named, else guide.yaml's `order`, else by
    title), each translation right after its topic."""
    originals = order_topics([t for t in loaded if t.id == _base(t)], order, explicit)
    ids = {t.id for t in originals}
    orphans = [t for t in loaded if t.id != _base(t) and _base(t) not in ids]
    return [
        translated
        for original in [*originals, *orphans]
        for translated in [original, *(t for t in loaded if t.id != _base(t)
                                       and _base(t) == original.id)]
    ]


def _groups(audiences: list[Audience]) -> list[tuple[Audience, ...]]:
    """The audiences, gathered by what a web page of theirs holds, in the order given."""
    found: dict[tuple[object, ...], list[Audience]] = {}
    for audience in audiences:
        key = (audience.level, audience.variant, audience.sections, audience.practice,
               audience.timeline, audience.comparison_chart)
        found.setdefault(key, []).append(audience)
    return [tuple(group) for group in found.values()]


def _base(loaded: LoadedTopic) -> str:
    """The topic a translation translates (`csto` for `csto.hi`), or the topic's own id."""
    return loaded.id.removesuffix(f".{loaded.topic.lang}")


def language_name(lang: str) -> str:
    """A language's name in itself (`हिन्दी`), to link a translation with."""
    try:
        return Locale.parse(lang, sep="-").display_name or lang
    except (UnknownLocaleError, ValueError):
        return lang


def _chart_audience(audience: Audience) -> Audience:
    """The audience its charts are drawn for: in the classroom theme's colours and type,
    about as wide as the text column on a phone (A5's), so that their labels stay readable
    there and are scaled up, not down, on a wider screen."""
    return replace(audience, theme="classroom", paper="A5", orientation="portrait",
                   font_size="14pt", css=None, gutter_mm=0.0, paper_given=None)


def _page(edition: Edition, loaded: list[LoadedTopic], groups: list[tuple[Audience, ...]],
          project: Project, pictures: dict[str, Path]) -> bytes:
    """One topic's page for one group of audiences."""
    item, audience = edition.loaded, edition.audiences[0]
    view = select(item.topic, audience, item.other)
    view = replace(view, audience=_chart_audience(audience))
    translations = [
        {"lang": other.topic.lang, "name": language_name(other.topic.lang),
         "href": Edition(other, edition.audiences).href}
        for other in loaded if other is not item and _base(other) == _base(item)
    ]
    images = project.images

    def figure_src(name: str) -> str:
        """The picture's address beside the page (images/...), and note it to copy there."""
        try:
            path = find_picture(name, images).path
        except ValueError as exc:  # changed since the topic was checked
            raise GuideError([Problem(item.path, str(exc))]) from None
        inside = path.relative_to(images.resolve()).as_posix()
        pictures[inside] = path
        return "images/" + quote(inside)

    others = [Edition(item, group) for group in groups if group != edition.audiences]
    html = render_html(view, project, item.id, None, "web/page.html", edition=edition,
                       others=others, translations=translations, figure_src=figure_src,
                       content_audience=audience, prefix="")
    return html.encode()


def _index(written: list[LoadedTopic], groups: list[tuple[Audience, ...]],
           project: Project, title: str | None) -> bytes:
    """The index page, under guide.yaml's booklet `title`: each topic, its translations
    beside it, and its pages."""
    entries = [{"loaded": item, "editions": [Edition(item, group) for group in groups],
                "translation": item.id != _base(item),
                "language": language_name(item.topic.lang)} for item in written]
    try:
        with language("en"):
            html = environment(project).get_template("web/index.html").render(
                entries=entries, title=title, lang="en")
    except TemplateError as exc:
        raise GuideError([_template_problem(exc)]) from None
    return html.encode()


def _write_assets(out: Path, project: Project, pictures: dict[str, Path]) -> None:
    """The stylesheet, the fonts it names and the figures' pictures, beside the pages."""
    env = environment(project)
    css, _, _ = env.loader.get_source(env, STYLESHEET)
    write_atomic(out / "web.css", css.encode())
    fonts = project.builtin_styles / "fonts"
    for name in FONTS:
        write_atomic(out / "fonts" / name, (fonts / name).read_bytes())
    for inside, path in sorted(pictures.items()):
        write_atomic(out / "images" / inside, path.read_bytes())


PRODUCT = Web()
