"""Dates in words: the one place a date becomes text, in any language, with Babel."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton, get_month_names

if TYPE_CHECKING:
    from guide.source.model import PartialDate


@cache
def babel_locale(lang: str) -> str:
    """Babel's locale for a topic's `lang`: British English for English, as topics are
    written; English where Babel does not know the language."""
    if lang.split("-")[0] == "en":
        return "en_GB"  # 15 May 1992, as the topics are written
    try:
        return str(Locale.parse(lang, sep="-"))
    except (UnknownLocaleError, ValueError):
        return "en_GB"


def written(date: PartialDate, lang: str) -> str:
    """A date at its own precision in `lang`, as Babel writes it: 1992, May 1992, 15 May 1992
    (the one place dates become words; `str(date)` is this in English)."""
    if date.month is None:
        return str(date.year)
    day = dt.date(date.year, date.month, date.day or 1)
    locale = babel_locale(lang)
    if date.day is None:
        text = format_skeleton("yMMMM", day, locale=locale)
    else:
        text = format_date(day, "long", locale=locale)
    return " ".join(text.split())


@cache
def month_names(lang: str) -> tuple[str, ...]:
    """Every name and abbreviation of the months in a language, longest first, from Babel."""
    locale = babel_locale(lang)
    names = {
        name.rstrip(".")
        for width in ("wide", "abbreviated")
        for context in ("format", "stand-alone")
        for name in get_month_names(width, context, locale).values()
    }
    names |= {name[:1].upper() + name[1:] for name in names}  # "mai" starting a sentence
    return tuple(sorted(names, key=lambda n: (-len(n), n)))
