"""The words guide prints itself, in the topic's language: labels from a gettext message
catalogue per language (`guide/locale/<lang>/LC_MESSAGES/guide.po`), dates from Babel.

The language being printed is a context variable that the renderer sets, so templates
simply call `_("Summary")` and `when(date)`.
"""

from __future__ import annotations

import datetime as dt
import gettext
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from markupsafe import Markup

from guide.model import PartialDate

LOCALE = Path(__file__).parent / "locale"
LANG: ContextVar[str] = ContextVar("lang", default="en")


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


@cache
def _locale(lang: str) -> str:
    if lang.split("-")[0] == "en":
        return "en_GB"  # 15 May 1992, as the topics are written
    try:
        return str(Locale.parse(lang, sep="-"))
    except (UnknownLocaleError, ValueError):
        return "en_GB"


def when(date: PartialDate | None) -> str:
    """A date at its own precision in the current language: 1992, May 1992, 15 May 1992."""
    if date is None:
        return ""
    if date.month is None:
        return str(date.year)
    day = dt.date(date.year, date.month, date.day or 1)
    locale = _locale(LANG.get())
    if date.day is None:
        return format_skeleton("yMMMM", day, locale=locale)
    return format_date(day, "long", locale=locale)


def page_label() -> tuple[Markup, Markup, Markup]:
    """"Page X of Y" in the current language, as the text before, between and after the
    two numbers, each ready for a CSS string: all but letters, digits and spaces escaped."""
    text = _("Page %(page)s of %(pages)s", page="\0", pages="\1")
    before, rest = text.split("\0", 1)
    between, after = rest.split("\1", 1)

    def css(part: str) -> Markup:
        return Markup("".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in part))

    return css(before), css(between), css(after)
