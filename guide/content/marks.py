"""Topic text made ready to print: its inline marks (`**bold**`, `*italic*`, `[words](url)`) as
HTML or taken out, and its typography finished in the topic's language.

Finishing is markdown-it's typographer (curly quotes paired by its `smartquotes` rule, `--`
and `---` made dashes by its `replacements`) plus what it lacks: en dashes in number ranges,
a spaced hyphen made a spaced en dash, no-break spaces inside dates and between a number and
its unit, and names and a paragraph's last word kept whole by hyphenation. Link targets, and
URLs and HTML tags typed in the text, are left exactly as typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.replacements import replace_rare
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup

from guide.content.i18n import LANG, NBSP, quotes, unit_words
from guide.source.dates import month_names

SAFE_SCHEMES = ("http://", "https://", "mailto:")

# Words shorter than this are never hyphenated (styles/base.css: `hyphenate-limit-chars: 6 3 3`),
# so they need no protecting span.
HYPHENATED_FROM = 6
KEEP_WHOLE = '<span class="whole">{}</span>'  # styles/base.css: .whole { hyphens: manual }

_BARE_URL = re.compile(r"(?:https?|mailto)$", re.IGNORECASE)
_URL_REST = re.compile(r"[^\s<>\"]*[^\s<>\".,;:!?)\]'\u2019\u201d]")  # not its last stop
# A script or style element whole (its content is code), else one tag.
_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|</?[A-Za-z!?][^<>]*>", re.IGNORECASE | re.DOTALL)
_RANGE = re.compile(r"(?<![\w.,/:-])(\d+(?:[.,]\d+)?)-(\d+(?:[.,]\d+)?)(?![\w/-]|[.,]\d)")
_RANGE_DASH = re.compile(r"(?<=\d)\u2013(?=\d)")
# A token may start or end beside a link or bold: " - " there is a dash too.
_SPACED_HYPHEN = re.compile(r"(?:(?<=\S)|^) +- +(?=\S|$)")
_SPACED_DASH = re.compile(r"(?:(?<=\S)|^) +([\u2013\u2014]) +")
_LONE_OPENING = re.compile(r'(?<![^\s(\[])"')
_CHUNK = re.compile(r"[^ \t\r\n]+")  # between breakable spaces; a no-break space joins
_WORD = re.compile(r"[^\W\d_][\w\u00ad]*")


def _underscore_is_text(state: StateInline, silent: bool) -> bool:
    """Only `*` marks emphasis in topic text; `_` stays an underscore."""
    if state.src[state.pos] != "_":
        return False
    if not silent:
        state.push("text", "", 0).content = "_"
    state.pos += 1
    return True


def _bare_url(state: StateInline, silent: bool) -> bool:
    """A URL typed in the text (`https://...` after a space) is kept as typed: a token of its
    own, which the typography rules and hyphenation leave alone; it does not become a link."""
    scheme = _BARE_URL.search(state.pending) if state.src[state.pos] == ":" else None
    if scheme is None:
        return False
    before = state.pending[: scheme.start()]
    if before and (before[-1].isalnum() or before[-1] == "_"):
        return False
    rest = _URL_REST.match(state.src, state.pos + 1)
    if rest is None:
        return False
    if not silent:
        state.pending = before
        state.push("as_typed", "", 0).content = scheme.group() + ":" + rest.group()
    state.pos = rest.end()
    return True


def _markup_as_typed(state: StateInline, silent: bool) -> bool:
    """An HTML tag, script or style typed in the text prints exactly as typed (the format's
    contract), straight quotes included: `<a href="x">` is shown, not finished."""
    tag = _TAG.match(state.src, state.pos) if state.src[state.pos] == "<" else None
    if tag is None:
        return False
    if not silent:
        state.push("as_typed", "", 0).content = tag.group()
    state.pos = tag.end()
    return True


def _texts(state: StateCore) -> list[Token]:
    return [
        child
        for token in state.tokens
        if token.type == "inline" and token.children
        for child in token.children
        if child.type == "text"
    ]


def _dashes(state: StateCore) -> None:
    """markdown-it's `--` and `---` (not its `(c)` to ©, which would spoil "Article 2(c)"), then
    en dashes in number ranges (2014-2024, pages 3-5) and for a hyphen standing between
    spaces. Hyphenated words (COVID-19, Russian-led) and ISO dates keep their hyphens."""
    for token in state.tokens:
        if token.type == "inline" and token.children:
            replace_rare(token.children)
    for token in _texts(state):
        text = _RANGE.sub("\\1\u2013\\2", token.content)
        token.content = _SPACED_HYPHEN.sub(" \u2013 ", text)


def _leftover_quotes(text: str, lang: str) -> str:
    """Quotes the typographer could not pair: an apostrophe ('90s) and a lone double quote,
    opening after a space or bracket and closing elsewhere."""
    opening, closing, _, _ = quotes(lang)
    text = _LONE_OPENING.sub(opening, text.replace("'", "\u2019"))
    return text.replace('"', closing)


@cache
def _keep_together_pattern(lang: str) -> re.Pattern[str]:
    """The spaces that must not break, each after group 1: inside a date (15 May 1992, May 1992,
    May 15, 1992, with Babel's month names for `lang`) and between a number and the unit or
    word of size after it (16 mm, 32 %, 1.2 million)."""
    months = "|".join(map(re.escape, month_names(lang)))
    units = "|".join(map(re.escape, unit_words(lang)))
    return re.compile(
        rf"(?<!\w)((?:{months})\.? +\d{{1,2}},) +(?=\d{{4}}(?!\w))"
        rf"|(?<!\w)((?:{months})\.?) +(?=\d{{1,4}}(?!\w))"
        rf"|(?<![\w.,])(\d{{1,2}}) +(?=(?:{months})(?!\w))"
        rf"|(?<![\w.,])(\d+(?:[.,]\d+)*) +(?=(?:{units})(?!\w))"
    )


def _no_break(match: re.Match[str]) -> str:
    before = next(group for group in match.groups() if group is not None)
    return before.replace(" ", NBSP) + NBSP


def _finish_spaces(lang: str) -> Callable[[StateCore], None]:
    def rule(state: StateCore) -> None:
        """Straight quotes left over made curly; no-break spaces where a line must not end:
        inside dates, between a number and its unit, before a spaced dash."""
        pattern = _keep_together_pattern(lang)
        for token in _texts(state):
            text = _leftover_quotes(token.content, lang)
            text = _SPACED_DASH.sub(NBSP + "\\1 ", text)
            token.content = pattern.sub(_no_break, text)

    return rule


def _render_text(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Text as HTML, with names (capitalised words: Armenia, Washington) and the paragraph's
    last word in a span that hyphenation leaves whole. A span holds everything between two
    breakable spaces ("(Kazakhstan),", "1 January 2023." joined by no-break spaces): where an
    element's edge falls inside such a run, WeasyPrint 70 breaks the line too early."""
    last = max(i for i, t in enumerate(tokens) if t.type in ("text", "as_typed"))
    content = tokens[idx].content
    chunks = list(_CHUNK.finditer(content))

    def long_words(chunk: str) -> list[str]:
        return [w for w in _WORD.findall(chunk) if len(w) >= HYPHENATED_FROM]

    whole = {m.start() for m in chunks if any(w[0].isupper() for w in long_words(m.group()))}
    if idx == last and chunks and long_words(chunks[-1].group()):
        whole.add(chunks[-1].start())
    html, at = [], 0
    for match in chunks:
        if match.start() in whole:
            html.append(escapeHtml(content[at : match.start()]))
            html.append(KEEP_WHOLE.format(escapeHtml(match.group())))
            at = match.end()
    html.append(escapeHtml(content[at:]))
    return _RANGE_DASH.sub("\u2013\u2060", "".join(html))  # a word joiner keeps a range whole


def _render_as_typed(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return KEEP_WHOLE.format(escapeHtml(tokens[idx].content))


@cache
def _markdown(lang: str, marks: bool = True, html: bool = True) -> MarkdownIt:
    """The parser for topic text in `lang`: with the three marks, or (marks=False) for text
    that has none, such as sentences guide writes itself; for plain text (html=False) every
    character is kept, even the NUL that practice uses as a placeholder."""
    md = MarkdownIt("zero", {"typographer": True, "quotes": list(quotes(lang))})
    if not html:
        md.disable("normalize")
    md.enable("smartquotes")
    if marks:
        md.enable(["emphasis", "link"])
        md.inline.ruler.before("emphasis", "underscore_text", _underscore_is_text)
    md.inline.ruler.before("text", "bare_url", _bare_url)
    md.inline.ruler.before("text", "markup_as_typed", _markup_as_typed)
    md.core.ruler.before("smartquotes", "dashes", _dashes)
    md.core.ruler.after("smartquotes", "keep_together", _finish_spaces(lang))
    md.validateLink = lambda url: url.strip().lower().startswith(SAFE_SCHEMES)
    md.add_render_rule("text", _render_text)
    md.add_render_rule("as_typed", _render_as_typed)
    return md


def inline(text: str | None) -> Markup:
    """The contract's three inline marks as HTML, the text finished; everything else escaped,
    shown as typed."""
    if not text:
        return Markup("")
    return Markup(_markdown(LANG.get()).renderInline(text.strip()))


def _plain_text(md: MarkdownIt, text: str) -> str:
    tokens = md.parseInline(text.strip())
    return "".join(
        child.content
        for token in tokens
        for child in token.children or ()
        if child.type in ("text", "as_typed")
    )


def plain(text: str | None) -> str:
    """Text without its inline marks, finished, for metadata, running headers, flashcards and
    generated practice."""
    if not text:
        return ""
    return _plain_text(_markdown(LANG.get(), html=False), text)


def blanked(text: str, blank: str) -> tuple[str, tuple[str, ...]]:
    """`text` as `plain` gives it but each bold span replaced by `blank`, and the spans' plain
    text: a cloze's prompt and answers, read by the parser that prints the sheet."""
    tokens = _markdown(LANG.get(), html=False).parseInline(text.strip())
    out: list[str] = []
    spans: list[str] = []
    depth = 0
    for child in (c for token in tokens for c in token.children or ()):
        if child.type == "strong_open":
            depth += 1
            if depth == 1:
                spans.append("")
        elif child.type == "strong_close":
            depth -= 1
            if depth == 0:
                out.append(blank)
        elif child.type in ("text", "as_typed"):
            if depth:
                spans[-1] += child.content
            else:
                out.append(child.content)
    return "".join(out), tuple(spans)


def finish(text: str, lang: str | None = None) -> str:
    """Text that has no marks (a sentence guide writes itself) finished in `lang`, by default
    the language being printed."""
    if not text:
        return ""
    return _plain_text(_markdown(lang or LANG.get(), marks=False, html=False), text)
