"""Stylesheets read as CSS (tinycss2, as WeasyPrint reads them), not by pattern: the files
they import and the URLs they load."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any


def imports(css: str) -> list[str]:
    """The sheets a stylesheet `@import`s, as written (`classroom.css`), in order."""
    return list(_imports(css))


@lru_cache(maxsize=32)
def _imports(css: str) -> tuple[str, ...]:
    """`imports`, read once per text: every sheet of a build asks of the same themes."""
    import tinycss2

    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return tuple(url.strip() for rule in rules
                 if rule.type == "at-rule" and rule.lower_at_keyword == "import"
                 for _, url in urls([rule]))


def urls(nodes: Iterable[Any]) -> Iterator[tuple[Any, str]]:
    """(token, url) for every url() and @import in parsed CSS, at any depth."""
    for node in nodes:
        kind = getattr(node, "type", None)
        if kind == "url":
            yield node, node.value
        elif kind == "function" and node.lower_name == "url" and node.arguments:
            yield node, getattr(node.arguments[0], "value", "")
        elif kind == "at-rule" and node.lower_at_keyword == "import":
            yield from ((t, t.value) for t in node.prelude if t.type == "string")
        for child in ("prelude", "content", "arguments"):
            yield from urls(getattr(node, child, None) or ())
