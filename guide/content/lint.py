"""`guide check` beyond validity: what is valid but unfinished, stale or missing, as
warnings (`--strict` makes them fail)."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from typing import Any

from dateutil.relativedelta import relativedelta

from guide.content.marks import plain
from guide.content.measure import width_em
from guide.errors import Problem, Severity
from guide.source.audience import Audience
from guide.source.load import Document, Loc
from guide.source.model import PartialDate, Topic
from guide.source.paper import MM_PER_PT

TODO = re.compile(r"\bTODO\b")
SUMMARY_SHARE = 0.5  # a summary box taller than half the page no longer summarises


def lint_topic(doc: Document, topic: Topic, audiences: list[Audience], today: dt.date,
         stale_months: int) -> list[Problem]:
    """Every warning about a valid topic: text still to fill, facts older than
    `stale_months`, no sources, questions without answers, a summary too long for its box."""
    found: list[Problem] = []

    def warn(loc: Loc, message: str) -> None:
        found.append(doc.problem(loc, message, severity=Severity.WARNING))

    for loc, text in _texts(doc.data):
        if TODO.search(text):
            warn(loc, f"still to fill: {text.strip()[:60]!r}")
    if topic.as_of is None:
        warn((), "no as_of: readers cannot tell how current the facts are")
    elif first_day(topic.as_of) > today:
        day = PartialDate(today.year, today.month, today.day)
        warn(("as_of",), f"{topic.as_of} is after today, {day}: write the day the facts were "
                         "last checked, not a day to come")
    elif (age := stale_for(topic.as_of, today, stale_months)) is not None:
        warn(("as_of",), f"facts last checked {age} ago ({topic.as_of}); check them again "
                         f"(the limit, {stale_months} months, is check.stale_months in "
                         "guide.yaml)")
    if not topic.sources:
        warn((), "no sources: say where the facts come from")
    for index, question in enumerate(topic.questions):
        if not question.a:
            warn(("questions", index), "a question without an answer (a:)")
    for audience in audiences:
        share = summary_share(topic, audience)
        if share > SUMMARY_SHARE:
            warn(("summary",), f"the summary would fill about {share:.0%} of a page "
                               f"({audience.paper}, {audience.font_size}); keep its box under "
                               "half a page")
    return found


def today() -> dt.date:
    """The day facts' ages are counted to when a caller gives none (tests pin it)."""
    return dt.date.today()


def first_day(date: PartialDate) -> dt.date:
    """The first day a date given to the year or the month may mean."""
    return dt.date(date.year, date.month or 1, date.day or 1)


def stale_for(as_of: PartialDate, today: dt.date, limit_months: int) -> str | None:
    """How long ago facts checked on `as_of` were checked, counted in days and said in whole
    months (rounded down), when that is more than `limit_months`; None while they are
    fresh. A date without a day counts from the month's first, without a month from
    1 January."""
    checked = first_day(as_of)
    if checked + relativedelta(months=limit_months) >= today:
        return None
    age = relativedelta(today, checked)
    months = age.years * 12 + age.months
    return f"{months} month" + ("" if months == 1 else "s")


def summary_share(topic: Topic, audience: Audience) -> float:
    """About how much of a page the summary box takes for `audience`: its lines, at the
    audience's text size and measure, of the points at its level, over the lines the page
    holds."""
    width, height = audience.text_area_mm
    size_mm = audience.font_points * MM_PER_PT
    width = min(width, audience.measure * size_mm)
    per_line = (width - 12) / size_mm  # ems, less the box's padding and bullets
    shown = [item for item in topic.summary if item.level <= audience.level]
    lines = sum(math.ceil(width_em(plain(item.text)) / per_line) for item in shown) + 2
    return lines * 1.42 * size_mm / height


def _texts(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*loc, index))
