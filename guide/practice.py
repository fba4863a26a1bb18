"""Practice items with answers, made from a topic's structured parts (timeline, facts,
comparison, summary); the same topic always gives the same items in the same order."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import random
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise, zip_longest

from guide.marks import finish, plain
from guide.model import PartialDate, Topic

MAX_VALUE = 60  # the longest value asked for, without its note in brackets
MAX_ANSWER = 100  # the longest answer, note included
MAX_SIDE = 40  # the longest value an either-or question names
MAX_ORDERED = 80  # events longer than this are put in order only when too few are shorter
BLANK = "_____"
ARROW = " → "
EMPTY = {"", "-", "\u2013", "\u2014", "?", "none", "(none)", "n/a", "unknown", "tbd"}

# How to ask about a fact, by its label: (label pattern, value kind, question, either-or clause).
# The first pattern that matches the whole label (case ignored) is used; a fact whose value is
# not of the kind is skipped. Kinds: "date" (a year, a month or a day), "count" (a number, or a
# list that is counted) and "text" (one short value). Templates may use {name} (the topic),
# {possessive} ("NATO's"), {label} (the label, capitalised words in lower case), {be} ("is" or
# "are", agreeing with the label), the pattern's named groups, and in a clause {value} (the
# value without its note), {when} ("in 1949", "on 4 April 1949"), {which} ("Which
# organisation") and {whose} ("Which organisation's"). An empty clause: no either-or item.
PHRASINGS: list[tuple[str, str, str, str]] = [
    (
        r"(?P<verb>established|founded|formed|created|launched|opened|signed|adopted|ratified"
        r"|built|completed|dissolved|abolished)",
        "date", "When was {name} {verb}?", "{which} was {verb} {when}",
    ),
    (
        r"(?:date of |year of )?(?:establishment|foundation|founding)",
        "date", "When was {name} founded?", "{which} was founded {when}",
    ),
    (
        r"(?:entry into|entered into|in) force",
        "date", "When did {name} enter into force?", "{which} entered into force {when}",
    ),
    (
        r"(?P<what>.+) in force",
        "date", "When did {possessive} {what} enter into force?",
        "{whose} {what} entered into force {when}",
    ),
    (
        r"headquarters|headquartered in|based in",
        "text", "Where is {name} headquartered?", "{which} is headquartered in {value}",
    ),
    (r"seat", "text", "Where is the seat of {name}?", "{which} has its seat in {value}"),
    (r"location|located in", "text", "Where is {name} located?", "{which} is located in {value}"),
    (
        r"members|member count|number of members|membership|member states",
        "count", "How many members does {name} have?", "{which} has {value} members",
    ),
    (
        r"founding (?P<what>members|states|countries|parties|signatories)",
        "count", "How many founding {what} did {name} have?",
        "{which} had {value} founding {what}",
    ),
    (
        r"(?P<what>parties|states parties|signatories|partners|member countries)",
        "count", "How many {what} does {name} have?", "{which} has {value} {what}",
    ),
    (r"type|kind|category", "text", "What is {name}?", ""),
    (
        r"(?P<what>secretary[ -]general|director[ -]general|president|chair|chairman"
        r"|chairperson|director|leader|head|commander|prime minister|monarch|ceo)",
        "text", "Who is {possessive} {what}?", "{whose} {what} is {value}",
    ),
    (
        r"(?P<what>(?:newest|oldest|largest|smallest|biggest|latest|first|last) .+)",
        "text", "Which is {possessive} {what}?", "{whose} {what} is {value}",
    ),
    # Any other label that reads as a noun ("Official languages", "UN status"): no word ending
    # in -ed ("Ratified", "Occupied since") and no preposition at its end.
    (
        r"(?!.*ed\b)(?!.*\b(?:since|until|from|in|on|at|by|of|to|for|with)$)[a-z][\w' -]*",
        "text", "What {be} {possessive} {label}?", "{whose} {label} {be} {value}",
    ),
]

# The common noun that either-or questions use, from a tag both topics share (whole tag first,
# then its last word): "Which organisation is headquartered in Brussels, Belgium: ...?"
NOUNS = {
    "space stations": "space station",
    "organisations": "organisation",
    "organizations": "organization",
    "alliances": "alliance",
    "treaties": "treaty",
    "agreements": "agreement",
    "countries": "country",
    "states": "state",
    "cities": "city",
    "companies": "company",
    "missions": "mission",
    "spacecraft": "spacecraft",
    "empires": "empire",
    "wars": "war",
    "battles": "battle",
}

_DATE_QUESTIONS = {
    "year": "In which year did this happen",
    "month": "In which month and year did this happen",
    "day": "On what date did this happen",
}
_MONTHS = "|".join(calendar.month_name[1:])
_DATE_FORMS = {
    "day": re.compile(rf"(\d{{1,2}}) ({_MONTHS}) (\d{{4}})"),
    "month": re.compile(rf"()({_MONTHS}) (\d{{4}})"),
    "year": re.compile(r"()()(\d{4})"),
}
_NOTE = re.compile(r"\s*\([^()]*\)$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_PREPOSITIONS = {"of", "by", "in", "for", "that", "which", "with", "to", "at", "on", "from"}
_STOPWORDS = {"of", "the", "and", "for", "in", "on", "a", "an", "to"}


LANGUAGES = ("en",)  # the languages the phrasings above are written in


def can_generate(topic: Topic) -> bool:
    """Whether practice is made for `topic`: its author allows it, and its language is one
    the phrasings are written in."""
    return topic.practice.generate and topic.lang.split("-")[0] in LANGUAGES


@dataclass(frozen=True)
class PracticeItem:
    """One practice item; `source` names the part it came from, so an author can exclude it."""

    kind: str  # "date", "order", "fact", "either-or", "choice" or "blank"
    prompt: str
    answer: str
    choices: tuple[str, ...] = ()
    source: str = ""

    def finished(self, lang: str) -> PracticeItem:
        """The item as printed: its words finished as topic text is (curly quotes, dashes,
        no-break spaces in dates); made plain above, so that dates and values compare."""
        return replace(self, prompt=finish(self.prompt, lang), answer=finish(self.answer, lang),
                       choices=tuple(finish(choice, lang) for choice in self.choices))


def generate(
    topic: Topic,
    other: Topic | None = None,
    *,
    exclude: Collection[str] = (),
    limit: int | None = None,
) -> list[PracticeItem]:
    """Practice items for `topic`, the kinds taken in turn, none repeating a prompt or one of
    the author's questions; `other` is the topic it compares with (for either-or items and
    distractors). `exclude` holds sources ("timeline[3]", "facts[Headquarters]",
    "timeline[order]") or prompts to leave out, case ignored; indexes count the lists of
    `topic` as given, so pass the topic as loaded, not a level-filtered view."""
    excluded = {e.strip().casefold() for e in exclude}

    def kept(item: PracticeItem) -> bool:
        return not {item.source.casefold(), item.prompt.casefold()} & excluded

    groups = [
        _facts(topic, other),
        _either_or(topic, other),
        _dates(topic),
        _order(topic, excluded),
        _blanks(topic),
    ]
    seen = {_text(q.q).casefold() for q in topic.questions}
    items: list[PracticeItem] = []
    for item in (i for batch in zip_longest(*groups) for i in batch if i is not None):
        if kept(item) and item.prompt.casefold() not in seen:
            seen.add(item.prompt.casefold())
            items.append(item)
    return items if limit is None else items[:limit]


def _facts(topic: Topic, other: Topic | None) -> list[PracticeItem]:
    """A question per short fact: a choice item when there are distractors, else a fact item.
    Counted lists come last, so that a fact giving the number itself is asked instead."""
    stated: list[PracticeItem] = []
    counted: list[PracticeItem] = []
    for fact in topic.facts:
        found = _phrasing(fact.label)
        values = [_text(v.text) for v in fact.value]
        answer = _answer(found[0], values) if found else None
        if found is None or answer is None:
            continue
        _, question, _, fields = found
        full, value = answer
        prompt = question.format(**fields, name=topic.name, possessive=_possessive(topic.name))
        if _gives_away(prompt, value):
            continue
        source = f"facts[{fact.label}]"
        wrong = _distractors(topic, other, fact.label, value)
        if len(wrong) >= 2:
            choices = tuple(sorted([value, *wrong], key=_sort_key))
            item = PracticeItem("choice", prompt, value, choices, source)
        else:
            item = PracticeItem("fact", prompt, full, source=source)
        (counted if len(values) > 1 else stated).append(item)
    return stated + counted


def _either_or(topic: Topic, other: Topic | None) -> list[PracticeItem]:
    """"Which ...: this or other?" for each comparison aspect whose two values differ."""
    spec = topic.comparison
    if spec is None or other is None:
        return []
    noun = _noun(topic, other)
    which, whose = (f"Which {noun}", f"Which {noun}'s") if noun else ("Which", "Whose")
    rows = [(a, _values(topic, a), _values(other, a)) for a in spec.aspects]
    rows += [(r.aspect, [_text(r.this)], [_text(r.other)]) for r in spec.rows]
    items = []
    asked = set()
    for aspect, mine, theirs in rows:
        found = _phrasing(aspect)
        if found is None or not found[2]:
            continue
        kind, _, clause, fields = found
        sides = [(topic.name, mine), (other.name, theirs)]
        known = [_side(kind, values) for _, values in sides]
        if None in known or _same(*known):
            continue
        usable = []
        for name, values in sides:
            answer = _answer(kind, values)
            value = answer[1] if answer else ""
            if answer and len(value) <= MAX_SIDE and not re.search(r"[();:]", value) and not any(
                _gives_away(t, value) for t in (topic.title, topic.name, other.title, other.name)
            ):
                usable.append((name, value))
        question = clause.format(**fields, which=which, whose=whose, value="", when="")
        if not usable or question in asked:
            continue
        asked.add(question)
        source = f"comparison[{aspect}]"
        name, value = usable[_rng(topic, source).randrange(len(usable))]
        text = clause.format(**fields, which=which, whose=whose, value=value, when=_when(value))
        prompt = f"{text}: {topic.name} or {other.name}?"
        items.append(PracticeItem("either-or", prompt, name, (topic.name, other.name), source))
    return items


def _dates(topic: Topic) -> list[PracticeItem]:
    """"In which year did this happen? <event>." for each event that does not give its date away."""
    items = []
    for i, event in enumerate(topic.timeline):
        text = _text(event.event)
        if not text or _names_date(text, event.date):
            continue
        question = _DATE_QUESTIONS[_precision_of(event.date)]
        prompt = f"{question}? {text if text.endswith(('.', '?', '!')) else text + '.'}"
        items.append(PracticeItem("date", prompt, str(event.date), source=f"timeline[{i}]"))
    return items


def _order(topic: Topic, excluded: Collection[str]) -> list[PracticeItem]:
    """One item putting 3 to 5 events in order, each from a different year so that the order
    is certain, spread over the timeline; short events are preferred."""
    events = [
        (e.date, _text(e.event).rstrip("."))
        for i, e in enumerate(topic.timeline)
        if f"timeline[{i}]" not in excluded and not _names_date(_text(e.event), e.date)
    ]
    short = [e for e in events if len(e[1]) <= MAX_ORDERED]
    pool = short if len({d.year for d, _ in short}) >= 3 else events
    by_year: dict[int, str] = {}
    for date, text in sorted(pool, key=lambda e: e[0].sort_key):
        by_year.setdefault(date.year, text)
    texts = list(by_year.values())
    if len(texts) < 3 or len(set(texts)) < len(texts):
        return []
    n = min(5, len(texts))
    chosen = [texts[round(i * (len(texts) - 1) / (n - 1))] for i in range(n)]
    source = "timeline[order]"
    shuffled = chosen[:]
    _rng(topic, source).shuffle(shuffled)
    if shuffled == chosen:
        shuffled = shuffled[1:] + shuffled[:1]
    prompt = "Put these events in order, earliest first."
    return [PracticeItem("order", prompt, ARROW.join(chosen), tuple(shuffled), source)]


def _blanks(topic: Topic) -> list[PracticeItem]:
    """Each summary point with bold words, those words blanked out."""
    items = []
    for i, point in enumerate(topic.summary):
        spans = [_text(s) for s in _BOLD.findall(point.text)]
        prompt = _text(_BOLD.sub("\x00", point.text)).replace("\x00", BLANK)
        rest = prompt.replace(BLANK, " ").split()
        if (
            not spans
            or "*" in prompt
            or len(rest) < 3
            or any(not s or s.casefold() in prompt.casefold() for s in spans)
        ):
            continue
        items.append(PracticeItem("blank", prompt, "; ".join(spans), source=f"summary[{i}]"))
    return items


def _phrasing(label: str) -> tuple[str, str, str, dict[str, str]] | None:
    """The value kind, question, clause and template fields of the first phrasing matching
    `label`."""
    shown = _label(label)
    for pattern, kind, question, clause in PHRASINGS:
        match = re.fullmatch(pattern, shown, re.IGNORECASE)
        if match:
            groups = {k: v for k, v in match.groupdict().items() if v is not None}
            return kind, question, clause, {"label": shown, "be": _be(shown), **groups}
    return None


def _answer(kind: str, values: Sequence[str]) -> tuple[str, str] | None:
    """(the full answer, the value without its note), or None when unfit for `kind`."""
    if kind == "count" and len(values) > 1:
        return str(len(values)), str(len(values))
    if len(values) != 1:
        return None
    full = values[0]
    value = _NOTE.sub("", full).strip()
    if value.casefold() in EMPTY or len(value) > MAX_VALUE or len(full) > MAX_ANSWER:
        return None
    if kind == "date" and _parse_date(value) is None:
        return None
    if kind == "count" and not value.isdigit():
        return None
    return full, value


def _side(kind: str, values: Sequence[str]) -> str | None:
    """What one side of a comparison says, without its note; None when it says nothing."""
    if kind == "count" and len(values) > 1:
        return str(len(values))
    value = _NOTE.sub("", ", ".join(values)).strip()
    return None if value.casefold() in EMPTY else value


def _same(a: str | None, b: str | None) -> bool:
    """Whether two sides' values could be the same (one contains the other, or equal numbers)."""
    a, b = (a or "").casefold(), (b or "").casefold()
    if a.isdigit() or b.isdigit():
        return a == b
    return a in b or b in a


def _distractors(topic: Topic, other: Topic | None, label: str, value: str) -> list[str]:
    """Up to three wrong values of the same kind as `value` (a date at the same precision, or
    a number): the other topic's value first, then dates of this topic nearest to `value`."""
    answer = _parse_date(value)
    if answer is None and not value.isdigit():
        return []
    precision = _precision_of(answer) if answer else "number"

    def same_kind(text: str) -> bool:
        if answer is None:
            return text.isdigit()
        found = _parse_date(text)
        return found is not None and _precision_of(found) == precision

    theirs = other.fact(label) if other else None
    first = [v for v in [_value_of(theirs.text)] if same_kind(v)] if theirs else []
    nearby: list[str] = []
    if answer is not None:
        nearby = [_shown(e.date, precision) for e in topic.timeline]
        nearby += [_value_of(f.text) for f in topic.facts if f.label.casefold() != label.casefold()]
        nearby = [t for t in nearby if same_kind(t)]
        nearby.sort(key=lambda t: (abs(_sort_key(t)[1] - _sort_key(value)[1]), _sort_key(t)))
    wrong: list[str] = []
    for text in first + nearby:
        if text != value and text not in wrong:
            wrong.append(text)
    return wrong[:3]


def _values(topic: Topic, label: str) -> list[str]:
    fact = topic.fact(label)
    return [_text(v.text) for v in fact.value] if fact else []


def _value_of(text: str) -> str:
    return _NOTE.sub("", _text(text)).strip()


def _text(text: str) -> str:
    """Plain text on one line."""
    return " ".join(plain(text).split())


def _label(label: str) -> str:
    """The label for use inside a sentence: capitalised words lower-cased, acronyms kept."""
    words = _text(label).split()
    return " ".join(w.lower() if w[:1].isupper() and w[1:].islower() else w for w in words)


def _be(label: str) -> str:
    """ "are" when the label's head noun is plural ("official languages"), else "is"."""
    words = label.split()
    head = next((i for i, w in enumerate(words) if i and w.lower() in _PREPOSITIONS), len(words))
    noun = words[head - 1].lower() if head else ""
    plural = noun.endswith("s") and not noun.endswith(("ss", "us", "is"))
    return "are" if plural else "is"


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _noun(topic: Topic, other: Topic) -> str | None:
    """The common noun for both topics, from a tag they share."""
    theirs = {t.casefold() for t in other.tags}
    for tag in (t.casefold() for t in topic.tags if t.casefold() in theirs):
        for key in (tag, tag.split()[-1] if tag.split() else ""):
            if key in NOUNS:
                return NOUNS[key]
    return None


def _gives_away(prompt: str, value: str) -> bool:
    """Whether `prompt` already contains `value`, or two of its words in a row (as a title
    "North Atlantic Treaty Organization" gives away "Article 5 of the North Atlantic Treaty")."""
    if value.casefold() in prompt.casefold():
        return True
    words = re.findall(r"[\w']+", prompt.casefold())
    pairs = {
        f"{a} {b}" for a, b in pairwise(words)
        if a not in _STOPWORDS and b not in _STOPWORDS
    }
    found = " ".join(re.findall(r"[\w']+", value.casefold()))
    return any(re.search(rf"\b{re.escape(p)}\b", found) for p in pairs)


def _names_date(text: str, date: PartialDate) -> bool:
    """Whether an event's text names its own year, or its own month."""
    month = calendar.month_name[date.month] if date.month else None
    return bool(
        re.search(rf"\b{date.year}\b", text) or (month and re.search(rf"\b{month}\b", text))
    )


def _parse_date(text: str) -> PartialDate | None:
    """A date written as "2002", "May 1992" or "15 May 1992"."""
    for form in _DATE_FORMS.values():
        match = form.fullmatch(text)
        if match:
            day, month, year = match.groups()
            months = list(calendar.month_name)
            return PartialDate(
                int(year), months.index(month) if month else None, int(day) if day else None
            )
    return None


def _precision_of(date: PartialDate) -> str:
    return "year" if date.month is None else "month" if date.day is None else "day"


def _shown(date: PartialDate, precision: str) -> str:
    """`date` as text when it is known to `precision` (a year also for finer dates)."""
    if precision == "year":
        return str(date.year)
    return str(date) if _precision_of(date) == precision else ""


def _sort_key(text: str) -> tuple[int, float]:
    """Dates and numbers in their natural order, on one scale per precision."""
    date = _parse_date(text)
    if date is None:
        return (0, float(text)) if text.isdigit() else (0, 0.0)
    if date.day is not None:
        return (1, dt.date(date.year, date.month or 1, date.day).toordinal())
    if date.month is not None:
        return (1, date.year * 12 + date.month)
    return (1, date.year)


def _when(value: str) -> str:
    """ "on 4 April 1949" for a day, "in 1949" or "in April 1949" otherwise."""
    date = _parse_date(value)
    return f"on {value}" if date and date.day else f"in {value}"


def _rng(topic: Topic, source: str) -> random.Random:
    """A random generator seeded by the topic's title and an item's source, so that an item's
    choices never depend on which other items were made."""
    digest = hashlib.sha256(f"{topic.title}\n{source}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))
