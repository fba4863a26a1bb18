"""The words guide prints itself, in the topic's language: labels from a gettext message
catalogue per language (`guide/locale/<lang>/LC_MESSAGES/guide.po`), dates from Babel.

The language being printed is a context variable that the renderer sets for one render
(`with language("hi"):`) and restores after, so templates simply call `_("Summary")` and
`when(date)`, and nothing printed later inherits a language by accident.
"""

from __future__ import annotations

import datetime as dt
import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.dates import format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_compact_decimal, format_decimal
from babel.units import format_unit
from markupsafe import Markup

from guide.source.dates import babel_locale, written
from guide.source.model import PartialDate

LOCALE = Path(__file__).parent.parent / "locale"
LANG: ContextVar[str] = ContextVar("lang", default="en")
NBSP = "\u00a0"


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Print in `lang` inside the block, then in whatever language was printing before."""
    token = LANG.set(lang)
    try:
        yield
    finally:
        LANG.reset(token)

# Quotation marks by language: double open, double close, single open, single close (Babel
# has no quotation data). Other languages print English marks.
QUOTES: dict[str, tuple[str, str, str, str]] = {
    "en": ("\u201c", "\u201d", "\u2018", "\u2019"),  # curly, 66 99 and 6 9
    "hi": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "de": ("\u201e", "\u201c", "\u201a", "\u2018"),  # low 99 and high 66
    "fr": ("\u00ab\u202f", "\u202f\u00bb", "\u201c", "\u201d"),  # guillemets, thin spaces
    "es": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "it": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "ru": ("\u00ab", "\u00bb", "\u201e", "\u201c"),
    "uk": ("\u00ab", "\u00bb", "\u201e", "\u201c"),
    "pl": ("\u201e", "\u201d", "\u00ab", "\u00bb"),
}


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue for a BCP 47 tag (`pt-BR`, else `pt`), or English as written."""
    for tag in (lang.replace("-", "_"), lang.split("-")[0]):
        po = LOCALE / tag / "LC_MESSAGES" / "guide.po"
        if po.is_file():
            with po.open("rb") as source:
                catalog = read_po(source, locale=tag)
            compiled = BytesIO()
            write_mo(compiled, catalog)
            compiled.seek(0)
            return gettext.GNUTranslations(compiled)
    return gettext.NullTranslations()


def _(message: str, **values: object) -> str:
    """`message` in the current language, with `%(name)s` filled from `values`."""
    text = translations(LANG.get()).gettext(message)
    return text % values if values else text


def when(date: PartialDate | None) -> str:
    """A date at its own precision in the current language, its parts joined by no-break
    spaces, so that no line ends inside it."""
    return "" if date is None else written(date, LANG.get()).replace(" ", NBSP)


def month_tick(year: int, month: int, with_year: bool) -> str:
    """A month on a chart's axis in the current language, abbreviated: `Jan 2022`, `Mar`
    (English as the US abbreviates it, `Sep`; a British `Sept` is too wide for a tick)."""
    lang = LANG.get()
    locale = "en" if lang.split("-")[0] == "en" else babel_locale(lang)
    return format_skeleton("yMMM" if with_year else "MMM", dt.date(year, month, 1),
                           locale=locale)


def quotes(lang: str) -> tuple[str, str, str, str]:
    """The quotation marks of a language (double open and close, single open and close)."""
    return QUOTES.get(lang.split("-")[0].lower(), QUOTES["en"])


@cache
def unit_words(lang: str) -> tuple[str, ...]:
    """The words and symbols that follow a number in a language, longest first, from Babel:
    its units in every length and plural form (km, kilometres, %, per cent) and its large
    numbers (thousand, million; in Hindi लाख, करोड़)."""
    locale = Locale.parse(babel_locale(lang))
    found: set[str] = set()
    for number in (1, 2, 5, 1.5):  # one of each plural form in most languages
        shown = format_decimal(number, locale=locale)
        for unit in locale.unit_display_names:
            for length in ("short", "long", "narrow"):
                text = format_unit(number, unit, length, locale=locale)
                if text.startswith(shown):  # units written before the number are left alone
                    found.add(text[len(shown):].strip())
    for power in range(3, 15):
        text = format_compact_decimal(10**power, format_type="long", locale=locale)
        found.add(text.lstrip("0123456789.,").strip())
    found -= {"", "in"}  # CLDR's inch is the preposition in English, German, Dutch, Italian
    return tuple(sorted(found, key=lambda w: (-len(w), w)))


def page_label() -> tuple[Markup, Markup, Markup]:
    """"Page X of Y" in the current language, as the text before, between and after the
    two numbers, each ready for a CSS string: all but letters, digits and spaces escaped."""
    text = _("Page %(page)s of %(pages)s", page="\0", pages="\1")
    before, rest = text.split("\0", 1)
    between, after = rest.split("\1", 1)
    return css_string(before), css_string(between), css_string(after)


def css_string(text: str) -> Markup:
    """`text` ready to stand inside a CSS string: all but letters, digits and spaces
    escaped."""
    return Markup("".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text))
