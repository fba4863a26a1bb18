"""Stage 4, render: a View becomes one HTML string through Jinja2 templates (no WeasyPrint here).

Templates are found in the project's `templates/` first, then among the built-ins; a project
template can extend the built-in one it replaces as `!builtin/<name>`.
"""

from __future__ import annotations

import datetime as dt
import re
import traceback
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    select_autoescape,
)
from markupsafe import Markup

from guide.content.i18n import _, css_string, language, page_label, when
from guide.content.marks import inline, plain
from guide.content.view import View
from guide.content.writing import blank_em, write_lines
from guide.errors import GuideError, Problem
from guide.source.audience import Audience
from guide.source.figures import picture
from guide.source.model import Topic
from guide.source.paper import PAPERS
from guide.source.resources import BUILTIN_TEMPLATES, Project

if TYPE_CHECKING:
    from guide.render.timeline_svg import ChartTheme


@cache
def environment(project: Project) -> Environment:
    """The Jinja environment: the project's templates over the built-ins, autoescaped, strict."""
    builtin = FileSystemLoader(BUILTIN_TEMPLATES)
    loader = ChoiceLoader(
        [
            FileSystemLoader(project.templates),
            builtin,
            PrefixLoader({"!builtin": builtin}),
        ]
    )
    env = Environment(
        loader=loader,
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["inline"] = inline
    env.filters["plain"] = plain
    env.globals["sources_line"] = sources_line
    env.globals["_"] = _
    env.globals["when"] = when
    env.globals["page_label"] = page_label
    env.globals["qr_code"] = qr_code
    env.filters["site"] = site
    env.globals["css_string"] = css_string
    env.globals["timeline_chart"] = partial(timeline_chart, project=project)
    env.globals["glance_chart"] = partial(glance_chart, project=project)
    env.globals["picture"] = partial(picture, images=project.images)
    env.globals["blank_em"] = blank_em
    env.globals["write_lines"] = write_lines
    return env


def stylesheets(audience: Audience, project: Project) -> list[Path]:
    """The layered stylesheets, in cascade order: fonts, base, theme, the audience's own css."""
    sheets = [
        project.builtin_styles / "fonts" / "fonts.css",
        project.builtin_styles / "base.css",
    ]
    theme = project.stylesheet("themes", audience.theme)
    if theme is None:
        raise GuideError([Problem(audience.origin,
                                  f"theme: no stylesheet styles/themes/{audience.theme}.css")])
    sheets.append(theme)
    if audience.css is not None:
        sheets.append(audience.css)
    return sheets


def stylesheet_urls(audience: Audience, project: Project) -> tuple[list[str], str | None]:
    """The theme's stylesheets, linked before the audience's variables, and the audience's
    own css, linked after them."""
    sheets = [sheet.resolve().as_uri() for sheet in stylesheets(audience, project)]
    return (sheets[:-1], sheets[-1]) if audience.css else (sheets, None)


def render_html(
    view: View, project: Project, topic_id: str, dated: dt.datetime | None = None,
    template: str = "sheet.html", **extra: object,
) -> str:
    """The complete HTML document of one fact sheet (or of another `template` for one
    topic, with `extra` context); template errors become GuideError.

    `dated` is the sheet's creation date in its metadata (none when not given).
    """
    theme_sheets, audience_css = stylesheet_urls(view.audience, project)
    try:
        with language(view.topic.lang):
            return environment(project).get_template(template).render(
                **extra,
                view=view,
                topic=view.topic,
                audience=view.audience,
                topic_id=topic_id,
                lang=view.topic.lang,
                meta=_meta(view.topic),
                paper_size=PAPERS[view.audience.paper].css,
                stylesheets=theme_sheets,
                audience_css=audience_css,
                dated=dated.strftime("%Y-%m-%dT%H:%M:%SZ") if dated else None,
            )
    except TemplateError as exc:
        raise GuideError([_template_problem(exc)]) from None


def render_bilingual(
    views: list[View], project: Project, topic_id: str, dated: dt.datetime | None = None
) -> str:
    """One HTML document holding a topic's sheet and then its translation's, each
    rendered in its own language (labels, dates, `lang`)."""
    editions = []
    try:
        for index, view in enumerate(views):
            with language(view.topic.lang):
                html = environment(project).get_template("parts/edition.html").render(
                    view=view, topic=view.topic, audience=view.audience, topic_id=topic_id,
                    prefix=f"e{index}-" if index else "")
            editions.append({"lang": view.topic.lang, "html": Markup(html)})
    except TemplateError as exc:
        raise GuideError([_template_problem(exc)]) from None
    return render_html(views[0], project, topic_id, dated, "bilingual.html",
                       editions=editions)


def _template_problem(exc: TemplateError) -> Problem:
    """Where a template went wrong: its file and line when Jinja knows them."""
    if isinstance(exc, TemplateSyntaxError):
        file = Path(exc.filename) if exc.filename else None
        return Problem(file, f"template error: {exc.message}", exc.lineno)
    frame = next(
        (f for f in reversed(traceback.extract_tb(exc.__traceback__))
         if f.filename.endswith(".html")),
        None,
    )
    if frame is None:
        return Problem(None, f"template error: {exc}")
    return Problem(Path(frame.filename), f"template error: {exc}", frame.lineno)


def booklet_part(template: str, project: Project, lang: str = "en", **context: object
                 ) -> Markup:
    """One part of a booklet as an HTML fragment: `booklet/<template>.html` (front matter,
    a topic, the answer key or the page numbers) rendered with `context`, in `lang`."""
    try:
        with language(lang):
            return Markup(environment(project).get_template(f"booklet/{template}.html")
                          .render(**context))
    except TemplateError as exc:
        raise GuideError([_template_problem(exc)]) from None


def booklet_html(
    parts: list[Markup], audience: Audience, project: Project, meta: dict[str, object],
    dated: dt.datetime, html_class: str = "", lang: str = "en",
    variables: dict[str, str] | None = None,
) -> str:
    """A complete HTML document holding booklet `parts`: one part to print on its own, or all
    of them for a look at the whole booklet. `meta` is the booklet's title, description,
    keywords and author; `html_class` is set on the root element, and `variables` (CSS
    custom properties, such as the binding's gutter) on it too."""
    theme_sheets, audience_css = stylesheet_urls(audience, project)
    try:
        with language(lang):
            return environment(project).get_template("booklet/document.html").render(
                parts=parts,
                lang=lang,
                audience=audience,
                meta=meta,
                paper_size=PAPERS[audience.paper].css,
                stylesheets=theme_sheets,
                audience_css=audience_css,
                body_class="booklet",
                html_class=html_class,
                variables=variables or {},
                dated=dated.strftime("%Y-%m-%dT%H:%M:%SZ"),
            )
    except TemplateError as exc:
        raise GuideError([_template_problem(exc)]) from None


def _meta(topic: Topic) -> dict[str, object]:
    """The document's metadata: its title, subject, keywords and author."""
    return {
        "title": topic.title,
        "description": topic.subtitle or topic.summary[0].text,
        "keywords": topic.tags,
        "author": topic.author,
    }


def timeline_chart(view: View, project: Project) -> Markup:
    """The view's timeline drawn on a time axis, as wide as the text, in the audience's colours,
    font and sizes; in periods where one chart would take more than half a page."""
    from guide.render.timeline_svg import drawable, timeline_svg

    if not drawable(*(event.event for event in view.topic.timeline)):
        return Markup("")
    theme = _chart_theme(view.audience, project)
    return timeline_svg(view.topic.timeline, theme.width_mm, font_size_pt=theme.text_pt,
                        year_size_pt=theme.small_pt, max_height_mm=theme.height_mm * 0.5,
                        palette=theme.palette)


def glance_chart(view: View, topic_id: str | None = None, *, project: Project) -> Markup:
    """Small charts of the comparison's numbers and years (see `guide.render.comparison_chart`);
    `topic_id` keeps each topic's colour the same on both sheets of a pair."""
    from guide.render.comparison_chart import comparison_chart
    from guide.render.timeline_svg import drawable

    table = view.comparison
    if table is None or view.topic.comparison is None or not drawable(
            table.this_name, table.other_name, *(aspect for aspect, _, _ in table.rows)):
        return Markup("")
    ids = (topic_id.removesuffix(f".{view.topic.lang}") if topic_id else None,
           view.topic.comparison.with_)
    return comparison_chart(table, _chart_theme(view.audience, project), ids)


def _chart_theme(audience: Audience, project: Project) -> ChartTheme:
    """The theme's colours, font, text sizes and text width, for SVG charts: an SVG does not
    see the page's CSS, so the theme's variables are read and passed in."""
    from guide.render.timeline_svg import chart_theme

    width, height = audience.paper_mm
    return chart_theme([_css_with_imports(s) for s in stylesheets(audience, project)],
                       audience.font_points, (width - audience.gutter_mm, height))


def _css_with_imports(sheet: Path) -> str:
    """A theme's text after the sheets it `@import`s from its own folder (as exam-cram does)."""
    from guide.source.css import imports

    text = sheet.read_text(encoding="utf-8")
    imported = [sheet.parent / name for name in imports(text)
                if re.fullmatch(r"[\w.-]+\.css", name)]  # from its own folder only
    return "".join(p.read_text(encoding="utf-8") for p in imported if p.is_file()) + text


def site(url: str) -> str:
    """The site a URL is on (`reuters.com`), printed beside its QR code, which holds the
    whole address."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


@cache
def qr_code(url: str) -> str:
    """A QR code of `url` as an SVG `data:` URI: vectors, sharp at any size in print."""
    import segno

    return segno.make(url, error="m").svg_data_uri(border=0, omitsize=True)


def sources_line(view: View, most: int = 2) -> str:
    """The footer's credit: the first few publishers of the topic's sources."""
    names = list(dict.fromkeys(s.publisher or plain(s.title) for s in view.topic.sources))
    if not names:
        return ""
    shown = ", ".join(names[:most])
    if len(names) > most:
        return _("Sources: %(names)s and %(count)s more", names=shown, count=len(names) - most)
    return _("Source: %(names)s", names=shown) if len(names) == 1 else _(
        "Sources: %(names)s", names=shown)
