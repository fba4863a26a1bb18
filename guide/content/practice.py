"""Practice items with answers, made from a topic's structured parts (timeline, facts,
comparison, summary); the same topic always gives the same items in the same order."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import random
import re
import string
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise, zip_longest

from guide.content.marks import blanked, finish, plain
from guide.source.model import PartialDate, Topic

MAX_VALUE = 60  # the longest value asked for, without its note in brackets
MAX_ANSWER = 100  # the longest answer, note included
MAX_SIDE = 40  # the longest value an either-or question names
MAX_ORDERED = 80  # events longer than this are put in order only when too few are shorter
BLANK = "_____"
ARROW = " → "
EMPTY = {"", "-", "\u2013", "\u2014", "?", "none", "(none)", "n/a", "unknown", "tbd"}

# How to ask about a fact, by its label: (label pattern, value kind, question, either-or clause).
# The first pattern that matches the whole label (case ignored) and whose kind fits the value
# is used; a fact that no phrasing fits is skipped. Kinds: "date" (a year, a month or a day),
# "count" (a number, or a list that is counted), "name" (one short value that is neither a
# number nor a date: a place, a person) and "text" (one short value). Templates may use {name}
# (the topic, with its article: "the CSTO"), {possessive} ("the CSTO's"), {label} (the label,
# capitalised words in lower case), {be} ("is" or "are", agreeing with the label), the
# pattern's named groups, and in a clause {value} (the value without its note), {when} ("in
# 1949", "on 4 April 1949"), {which} ("Which organisation") and {whose} ("Which
# organisation's"). An empty clause: no either-or item.
_NOUN = r"(?!.*ed\b)(?!.*\b(?:since|until|from|in|on|at|by|of|to|for|with)$)[a-z][\w'\u2019 -]*"
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
        "name", "Where is {name} headquartered?", "{which} is headquartered in {value}",
    ),
    (r"seat", "name", "Where is the seat of {name}?", "{which} has its seat in {value}"),
    (r"location|located in", "name", "Where is {name} located?", "{which} is located in {value}"),
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
    (r"type|kind|category", "name", "What is {name}?", ""),
    (
        r"(?P<what>secretary[ -]general|director[ -]general|president|chair|chairman"
        r"|chairperson|director|leader|head|commander|prime minister|monarch|ceo)",
        "name", "Who is {possessive} {what}?", "{whose} {what} is {value}",
    ),
    (
        r"(?P<what>(?:newest|oldest|largest|smallest|biggest|latest|first|last) .+)",
        "name", "Which is {possessive} {what}?", "{whose} {what} is {value}",
    ),
    # Any other label that reads as a noun ("Official languages", "UN status"): no word ending
    # in -ed ("Ratified", "Occupied since") and no preposition at its end. A plural noun is
    # asked as a count when its value is a number or a list ("Official languages: 24"), and
    # as names otherwise; a singular one takes any short value ("Crew size: 7").
    (
        rf"{_NOUN}(?<![su]s)(?<=s)", "count", "How many {label} does {name} have?",
        "{which} has {value} {label}",
    ),
    (rf"{_NOUN}(?<![su]s)(?<=s)", "name", "What are {possessive} {label}?",
     "{whose} {label} are {value}"),
    (_NOUN, "text", "What {be} {possessive} {label}?", "{whose} {label} {be} {value}"),
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
    "year": "In which year?",
    "month": "In which month and year?",
    "day": "On what date?",
}
_MONTHS = "|".join(calendar.month_name[1:])
_DATE_FORMS = {
    "day": re.compile(rf"(\d{{1,2}}) ({_MONTHS}) (\d{{4}})"),
    "month": re.compile(rf"()({_MONTHS}) (\d{{4}})"),
    "year": re.compile(r"()()(\d{4})"),
}
_NUMBER = re.compile(r"\d[\d,.]*")
_NOTE = re.compile(r"\s*\([^()]*\)$")
_PREPOSITIONS = {"of", "by", "in", "for", "that", "which", "with", "to", "at", "on", "from"}
_STOPWORDS = {"of", "the", "and", "for", "in", "on", "a", "an", "to"}
LETTERS = string.ascii_lowercase  # choices and events to order, as printed

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
    blanks: tuple[str, ...] = ()  # a blank item's answers, one for each BLANK in its prompt

    @property
    def written(self) -> str:
        """What a pupil writes: the answer without its note in brackets."""
        return _NOTE.sub("", self.answer) or self.answer

    @property
    def key(self) -> str:
        """The answer as a teacher marks it: a choice by its letter ("b) 2002"), events by
        their letters in order ("b, d, a, e, c"), anything else as it is."""
        if self.kind == "order":
            return ", ".join(LETTERS[self.choices.index(e)] for e in self.answer.split(ARROW))
        if self.choices:
            return f"{LETTERS[self.choices.index(self.answer)]}) {self.answer}"
        return self.answer

    def finished(self, lang: str) -> PracticeItem:
        """The item as printed: its words finished as topic text is (curly quotes, dashes,
        no-break spaces in dates); made plain above, so that dates and values compare."""
        return replace(
            self, prompt=finish(self.prompt, lang),
            # events to order, each finished as its choice is, so the key still finds them
            answer=ARROW.join(finish(part, lang) for part in self.answer.split(ARROW)),
            choices=tuple(finish(choice, lang) for choice in self.choices),
            blanks=tuple(finish(blank, lang) for blank in self.blanks))


@dataclass(frozen=True)
class _Candidate:
    """An item with what it tests: the facts it asks about (a phrasing with its label, so that
    "Members" and "Member count" are one fact) and the values a pupil must know."""

    item: PracticeItem
    about: frozenset[str] = frozenset()
    values: tuple[str, ...] = ()


def generate(
    topic: Topic,
    other: Topic | None = None,
    *,
    exclude: Collection[str] = (),
    limit: int | None = None,
) -> list[PracticeItem]:
    """Practice items for `topic`, the kinds taken in turn; none tests a fact that an item
    before it or one of the author's questions tests, or shows another's answer; `other` is
    the topic it compares with (for either-or items and distractors). `exclude` holds sources
    ("timeline[3]", "facts[Headquarters]", "timeline[order]") or prompts to leave out, case
    ignored; an item left out takes nothing else with it and lets nothing in. Indexes count
    the lists of `topic` as given, so pass the topic as loaded, not a level-filtered view."""
    excluded = {e.strip().casefold() for e in exclude}
    groups = [
        _facts(topic, other),
        _either_or(topic, other),
        _dates(topic),
        _order(topic, excluded),
        _blanks(topic),
    ]
    seen = {_text(q.q).casefold() for q in topic.questions}
    authors = [_text(f"{q.q} {q.a or ''}") for q in topic.questions]
    made: list[_Candidate] = []
    for new in (c for batch in zip_longest(*groups) for c in batch if c is not None):
        if (
            new.item.prompt.casefold() not in seen
            and not any(_names(text, v) for text in authors for v in new.values if _specific(v))
            and not any(_repeats(new, old) or _repeats(old, new) for old in made)
        ):
            seen.add(new.item.prompt.casefold())
            made.append(new)
    items = [
        c.item for c in made
        if not {c.item.source.casefold(), c.item.prompt.casefold()} & excluded
    ]
    return items if limit is None else items[:limit]


def _repeats(new: _Candidate, old: _Candidate) -> bool:
    """Whether `new` tests what `old` tests, or `old` shows a value that `new` asks for."""
    if new.about & old.about:
        return True
    if any(_heads(a, b) or _heads(b, a) for a in new.values for b in old.values):
        return True
    return any(_shows(old.item, v) for v in new.values if _telling(v))


def _heads(short: str, long: str) -> bool:
    """Whether `long` is `short` or, for words, begins with them: "Baikonur" and "Baikonur
    Cosmodrome, Kazakhstan" name one place; 12 founders and 12 March 1999 are two facts."""
    if short.casefold() == long.casefold():
        return True
    if not short or short[0].isdigit():
        return False
    return re.match(rf"{re.escape(short)}(?!\w)", long, re.IGNORECASE) is not None


def _shows(item: PracticeItem, value: str) -> bool:
    """Whether `item` prints `value` or asks for it in a blank (an either-or item: apart from
    the two names it ends with)."""
    if item.kind == "blank":
        text = item.prompt
        for answer in item.blanks:
            text = text.replace(BLANK, answer, 1)
    elif item.kind == "either-or":
        text = item.prompt.rsplit(": ", 1)[0]
    else:
        text = item.prompt
    return _names(text, value)


def _names(text: str, value: str) -> bool:
    """Whether `text` holds `value` as whole words, case ignored."""
    return re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text, re.IGNORECASE) is not None


def _telling(value: str) -> bool:
    """Whether finding `value` in other text says it is the same fact: not for a number of one
    or two digits, which turns up anywhere ("6 May")."""
    return not (value.isdigit() and len(value) <= 2)


def _specific(value: str) -> bool:
    """Whether finding `value` in an author's question or answer says they ask the same: a day
    or a month, or two words or more; a year or one word turns up in prose about anything."""
    date = _parse_date(value)
    if date is not None:
        return date.month is not None
    return len(value.split()) > 1 and not _NUMBER.fullmatch(value)


def _facts(topic: Topic, other: Topic | None) -> list[_Candidate]:
    """A question per short fact: a choice item when there are distractors, else a fact item.
    Counted lists come last, so that a fact giving the number itself is asked instead."""
    stated: list[_Candidate] = []
    counted: list[_Candidate] = []
    for fact in topic.facts:
        values = [_text(v.text) for v in fact.value]
        found = _phrasing(fact.label, [values])
        if found is None:
            continue
        kind, question, _, fields = found
        full, value = _answer(kind, values) or ("", "")
        if not full:
            continue
        prompt = question.format(**fields, **_naming(topic))
        if _gives_away(prompt, value):
            continue
        source = f"facts[{fact.label}]"
        wrong = _distractors(topic, other, fact.label, value)
        if len(wrong) >= 2:
            placed = sorted([(value, _place(value)), *wrong], key=lambda choice: choice[1])
            choices = tuple(text for text, _ in placed)
            item = PracticeItem("choice", prompt, value, choices, source)
        else:
            item = PracticeItem("fact", prompt, full, source=source)
        about = frozenset({_about(question, fields)})
        (counted if len(values) > 1 else stated).append(_Candidate(item, about, (value,)))
    return stated + counted


def _either_or(topic: Topic, other: Topic | None) -> list[_Candidate]:
    """"Which ...: this or other?" for each comparison aspect whose two values differ."""
    spec = topic.comparison
    if spec is None or other is None:
        return []
    noun = _noun(topic, other)
    which, whose = (f"Which {noun}", f"Which {noun}\u2019s") if noun else ("Which", "Whose")
    rows = [(a, _values(topic, a), _values(other, a)) for a in spec.aspects]
    rows += [(r.aspect, [_text(r.this)], [_text(r.other)]) for r in spec.rows]
    made = []
    asked = set()
    for aspect, mine, theirs in rows:
        found = _phrasing(aspect, [mine, theirs])
        if found is None or not found[2]:
            continue
        kind, question, clause, fields = found
        sides = [(topic, mine), (other, theirs)]
        known = [_side(kind, values) for _, values in sides]
        if _same(*known):
            continue
        usable = []
        for side, values in sides:
            answer = _answer(kind, values)
            value = answer[1] if answer else ""
            if answer and len(value) <= MAX_SIDE and not re.search(r"[();:]", value) and not any(
                _gives_away(t, value) for t in (topic.title, topic.name, other.title, other.name)
            ):
                usable.append((side, value))
        blank = clause.format(**fields, which=which, whose=whose, value="", when="")
        if not usable or blank in asked:
            continue
        asked.add(blank)
        source = f"comparison[{aspect}]"
        side, value = usable[_rng(topic, source).randrange(len(usable))]
        text = clause.format(**fields, which=which, whose=whose, value=value, when=_when(value))
        prompt = f"{text}: {topic.called} or {other.called}?"
        item = PracticeItem("either-or", prompt, side.name, (topic.name, other.name), source)
        made.append(_Candidate(item, frozenset({_about(question, fields)}), (value,)))
    return made


def _dates(topic: Topic) -> list[_Candidate]:
    """"<event>. In which year?" for each event that does not give its date away."""
    made = []
    for i, event in enumerate(topic.timeline):
        text = _text(event.event)
        if not text or _names_date(text, event.date):
            continue
        question = _DATE_QUESTIONS[_precision_of(event.date)]
        prompt = f"{text if text.endswith(('.', '?', '!')) else text + '.'} {question}"
        answer = str(event.date)
        made.append(_Candidate(PracticeItem("date", prompt, answer, source=f"timeline[{i}]"),
                               values=(answer,)))
    return made


def _order(topic: Topic, excluded: Collection[str]) -> list[_Candidate]:
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
    return [_Candidate(PracticeItem("order", prompt, ARROW.join(chosen), tuple(shuffled), source))]


def _blanks(topic: Topic) -> list[_Candidate]:
    """Each summary point with bold words, those words blanked out; not when a blank hides the
    topic's own name, which the sheet's title gives away."""
    names = {n.casefold() for n in (topic.title, topic.name)}
    made = []
    for i, point in enumerate(topic.summary):
        prompt, bold = blanked(point.text, BLANK)
        prompt, spans = " ".join(prompt.split()), tuple(" ".join(s.split()) for s in bold)
        rest = prompt.replace(BLANK, " ").split()
        if (
            not spans
            or "*" in prompt
            or len(rest) < 3
            or any(not s or s.casefold() in prompt.casefold() for s in spans)
            or any(_value_of(s).casefold() in names for s in spans)
        ):
            continue
        item = PracticeItem("blank", prompt, "; ".join(spans), source=f"summary[{i}]",
                            blanks=spans)
        made.append(_Candidate(item, values=spans))
    return made


def _phrasing(
    label: str, sides: Sequence[Sequence[str]]
) -> tuple[str, str, str, dict[str, str]] | None:
    """The value kind, question, clause and template fields for `label`: of the phrasings with
    the first pattern that matches it, the first whose kind fits every side's values."""
    shown = _label(label)
    match = None
    for pattern, kind, question, clause in PHRASINGS:
        if match is None:
            match = re.fullmatch(pattern, shown, re.IGNORECASE)
            first = pattern
        if match is None or pattern != first:
            continue
        if all(_fits(kind, _side(kind, values) or "") for values in sides):
            groups = {k: v for k, v in match.groupdict().items() if v is not None}
            return kind, question, clause, {"label": shown, "be": _be(shown), **groups}
    return None


def _fits(kind: str, value: str) -> bool:
    """Whether a value (without its note) is of the kind a phrasing asks for."""
    if kind == "date":
        return _parse_date(value) is not None
    if kind == "count":
        return value.isdigit()
    if kind == "name":
        return bool(value) and _parse_date(value) is None and not _NUMBER.fullmatch(value)
    return bool(value)


def _naming(topic: Topic) -> dict[str, str]:
    """The template fields that name a topic in a sentence."""
    return {"name": topic.called, "possessive": _possessive(topic.called)}


def _about(question: str, fields: dict[str, str]) -> str:
    """What a phrasing asks, whoever it asks it of: one key for the labels of one fact."""
    return question.format(**fields, name="", possessive="").casefold()


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
    return (full, value) if _fits(kind, value) else None


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


def _distractors(topic: Topic, other: Topic | None, label: str, value: str
                 ) -> list[tuple[str, float]]:
    """Up to three wrong values of the same kind as `value` (a date at the same precision, or
    a number), each with its place on their scale: the other topic's value first, then
    dates of this topic nearest to `value` (the timeline's as dated, the facts' as typed)."""
    answer = _parse_date(value)
    if answer is None and not value.isdigit():
        return []
    precision = _precision_of(answer) if answer else "number"

    def placed(text: str) -> tuple[str, float] | None:
        """A value typed in a fact, placed, if it is of the kind asked for."""
        if answer is None:
            return (text, float(text)) if text.isdigit() else None
        found = _parse_date(text)
        return (text, _scale(found)) if found and _precision_of(found) == precision else None

    theirs = other.fact(label) if other else None
    first = [p for p in [placed(_value_of(theirs.text))] if p] if theirs else []
    nearby: list[tuple[str, float]] = []
    if answer is not None:
        nearby = [(str(d), _scale(d)) for e in topic.timeline if (d := _at(e.date, precision))]
        nearby += [p for f in topic.facts if f.label.casefold() != label.casefold()
                   if (p := placed(_value_of(f.text)))]
        nearby.sort(key=lambda p: (abs(p[1] - _scale(answer)), p[1]))
    wrong: list[tuple[str, float]] = []
    for text, place in first + nearby:
        if text != value and text not in (w for w, _ in wrong):
            wrong.append((text, place))
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
    return f"{name}\u2019" if name.endswith("s") else f"{name}\u2019s"


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
    words = re.findall(r"[\w'\u2019]+", prompt.casefold())
    pairs = {
        f"{a} {b}" for a, b in pairwise(words)
        if a not in _STOPWORDS and b not in _STOPWORDS
    }
    found = " ".join(re.findall(r"[\w'\u2019]+", value.casefold()))
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


def _at(date: PartialDate, precision: str) -> PartialDate | None:
    """`date` when it is known to `precision` (a year also for finer dates), else None."""
    if precision == "year":
        return PartialDate(date.year)
    return date if _precision_of(date) == precision else None


def _scale(date: PartialDate) -> int:
    """A date as a number, on one scale per precision: days, months or years."""
    if date.day is not None:
        return dt.date(date.year, date.month or 1, date.day).toordinal()
    if date.month is not None:
        return date.year * 12 + date.month
    return date.year


def _place(text: str) -> float:
    """A typed date or number on its scale (see `_scale`), so that choices sort naturally."""
    date = _parse_date(text)
    if date is None:
        return float(text) if text.isdigit() else 0.0
    return _scale(date)


def _when(value: str) -> str:
    """ "on 4 April 1949" for a day, "in 1949" or "in April 1949" otherwise."""
    date = _parse_date(value)
    return f"on {value}" if date and date.day else f"in {value}"


def _rng(topic: Topic, source: str) -> random.Random:
    """A random generator seeded by the topic's title and an item's source, so that an item's
    choices never depend on which other items were made."""
    digest = hashlib.sha256(f"{topic.title}\n{source}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))
