"""The HTML stage: inline marks, escaping, template overrides, stylesheet layering."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from guide.api import load_topic
from guide.content.view import select
from guide.render.page import inline, render_html
from guide.source.audience import load_audience
from guide.source.resources import Project


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("**bold**", "<strong>bold</strong>"),
        ("*italic*", "<em>italic</em>"),
        ("[words](https://example.org/a?b=1&c=2)",
         '<a href="https://example.org/a?b=1&amp;c=2">words</a>'),
        ("[mail](mailto:a@example.org)", '<a href="mailto:a@example.org">mail</a>'),
        ("**[bold link](http://example.org)**",
         '<strong><a href="http://example.org">bold link</a></strong>'),
    ],
)
def test_the_three_inline_marks(text: str, html: str) -> None:
    assert unwrapped(inline(text)) == html


def unwrapped(html: str) -> str:
    """HTML without the spans that keep words whole (tested in test_typography.py)."""
    return re.sub(r'<span class="whole">(.*?)</span>', r"\1", str(html))


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<b>not bold</b>", "&lt;b&gt;not bold&lt;/b&gt;"),
        ("&amp; &lt;", "&amp;amp; &amp;lt;"),
        ("[x](javascript:alert(1))", "[x](javascript:alert(1))"),
        ("[x](file:///etc/passwd)", "[x](file:///etc/passwd)"),
        ("[x](data:text/html,hi)", "[x](data:text/html,hi)"),
        ("snake_case and _under_", "snake_case and _under_"),
        ('"quotes" & \'apostrophes\'', "\u201cquotes\u201d &amp; \u2018apostrophes\u2019"),
        ("# not a heading", "# not a heading"),
        ("`code`", "`code`"),
    ],
)
def test_everything_else_is_shown_as_typed(text: str, shown: str) -> None:
    assert unwrapped(inline(text)) == shown


TOPIC = """\
title: Title with <b>tags</b> & "quotes"
short_name: T&T
summary:
  - Point with **bold** and <i>tags</i>.
sources:
  - title: Source
    url: https://example.org/?q=<x>
"""


def render(project: Project, audience: str = "classroom") -> str:
    topic = load_topic(project.root / "data" / "t.yaml")
    view = select(topic, load_audience(audience, project))
    return render_html(view, project, "t")


def test_topic_text_never_becomes_markup(make_project: Callable[..., Project]) -> None:
    html = render(make_project({"data/t.yaml": TOPIC}))
    assert "<b>tags</b>" not in html and "<i>tags</i>" not in html
    assert "Title with &lt;b&gt;tags&lt;/b&gt; &amp; \u201cquotes\u201d" in html
    assert "<strong>bold</strong>" in html
    assert 'data-topic="T&amp;T"' in html
    assert "<x>" not in html


def test_project_templates_override_builtins(make_project: Callable[..., Project]) -> None:
    project = make_project({
        "data/t.yaml": TOPIC,
        "templates/parts/summary.html": '<section class="mine">{{ topic.summary | length }}'
                                        " points</section>",
    })
    html = render(project)
    assert '<section class="mine">1 points</section>' in html
    assert 'class="summary"' not in html


def test_an_override_can_extend_the_builtin(make_project: Callable[..., Project]) -> None:
    project = make_project({
        "data/t.yaml": TOPIC,
        "templates/base.html": '{% extends "!builtin/base.html" %}'
                               '{% block head %}<meta name="school" content="Hill">{% endblock %}',
    })
    html = render(project)
    assert '<meta name="school" content="Hill">' in html
    assert 'class="summary"' in html


def test_stylesheets_are_layered_with_the_audience_last(
    make_project: Callable[..., Project],
) -> None:
    project = make_project({
        "data/t.yaml": TOPIC,
        "styles/audiences/school.yaml": "css: school.css\npaper: letter\nfont_size: 12pt\n",
        "styles/audiences/school.css": ":root { --color-accent: #7a1f3d; }\n",
        "styles/themes/classroom.css": ":root { --color-accent: #123456; }\n",
    })
    html = render(project, "school")
    order = [html.index(part) for part in (
        "fonts/fonts.css", "base.css", str(project.root / "styles/themes/classroom.css"),
        "@page { size: Letter portrait; }", "--font-size: 12pt", "school.css",
    )]
    assert order == sorted(order)
