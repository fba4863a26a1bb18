"""The inline marks topic text may carry (`**bold**`, `*italic*`, `[words](url)`): as HTML,
or taken out for plain text."""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markupsafe import Markup

SAFE_SCHEMES = ("http://", "https://", "mailto:")


def _underscore_is_text(state: StateInline, silent: bool) -> bool:
    """Only `*` marks emphasis in topic text; `_` stays an underscore."""
    if state.src[state.pos] != "_":
        return False
    if not silent:
        state.push("text", "", 0).content = "_"
    state.pos += 1
    return True


@cache
def _markdown() -> MarkdownIt:
    md = MarkdownIt("zero").enable(["emphasis", "link"])
    md.inline.ruler.before("emphasis", "underscore_text", _underscore_is_text)
    md.validateLink = lambda url: url.strip().lower().startswith(SAFE_SCHEMES)
    return md


def inline(text: str | None) -> Markup:
    """The contract's three inline marks as HTML; everything else escaped, shown as typed."""
    if not text:
        return Markup("")
    return Markup(_markdown().renderInline(text.strip()))


def plain(text: str | None) -> str:
    """Text without its inline marks, for metadata and running headers."""
    if not text:
        return ""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"\*\*?([^*]+)\*\*?", r"\1", text)
