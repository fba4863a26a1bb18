"""Practice items: every answer checked against the topic it came from, read as English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from guide.api import load_topic
from guide.content.practice import ARROW, BLANK, PHRASINGS, PracticeItem, generate
from guide.content.view import compare
from guide.source.model import Topic

REPO = Path(__file__).resolve().parent.parent
KINDS = {"date", "order", "fact", "either-or", "choice", "blank"}
NOTE = re.compile(r"\s*\([^()]*\)$")

ISS = """\
title: International Space Station
short_name: ISS
article: the
tags: [space stations, spaceflight]
summary:
  - The **International Space Station** is a modular space station in low Earth orbit.
  - Its first module, **Zarya**, was launched from **Baikonur** in November 1998.
  - It has been continuously occupied since *2 November 2000*.
  - text: >-
      The station is run by **five** space agencies, including
      [NASA](https://www.nasa.gov) and **Roscosmos**.
    level: 2
  - "**Crewed since 2000.**"
facts:
  - label: Launched
    value: 20 November 1998
  - label: Partners
    value: [NASA, Roscosmos, ESA, JAXA, CSA]
  - label: Crew size
    value: 7
  - label: Orbit
    value: Low Earth orbit (about 400 km)
  - label: Status
    value: "\u2014"
  - label: Ratified
    value: "No"
  - label: Continuously occupied since
    value: 2 November 2000
  - label: Launch site
    value: Baikonur Cosmodrome, Kazakhstan
  - label: Largest module
    value: Kibo
timeline:
  - date: 1998-12-04
    event: Unity, the first US module, is launched on Space Shuttle *Endeavour*.
  - date: 1998-11-20
    event: Zarya, the first module, is launched on a Proton rocket.
  - date: 1998
    event: Construction of the station begins in orbit.
  - date: 2000-11-02
    event: The first resident crew, Expedition 1, arrives.
  - date: 2008-02
    event: Europe's Columbus laboratory is attached in February.
  - date: 2010
    event: The station is declared complete in 2010.
  - date: 2011-07
    event: The last Space Shuttle mission visits the station.
  - date: 2020-05-31
    event: Crew Dragon docks for the first time with astronauts aboard.
comparison:
  with: mir
  aspects: [Launched, Partners, Crew size, Orbit, Launch site, Status]
  rows:
    - aspect: First crew
      this: Expedition 1
      other: Soyuz T-15
    - aspect: Deorbited
      this: Not yet (planned for about 2030)
      other: 23 March 2001
questions:
  - q: How many partners does the ISS have?
    a: Five space agencies.
"""

MIR = """\
title: Mir
tags: [space stations]
summary:
  - Mir was a Soviet, later Russian, space station.
facts:
  - label: Launched
    value: 20 February 1986
  - label: Crew size
    value: 3
  - label: Orbit
    value: Low Earth orbit (about 350 km)
  - label: Launch site
    value: Baikonur Cosmodrome, Kazakhstan
"""


@pytest.fixture(scope="module")
def csto() -> Topic:
    return load_topic(REPO / "data" / "csto.yaml")


@pytest.fixture(scope="module")
def nato() -> Topic:
    return load_topic(REPO / "data" / "nato.yaml")


def pair(factory: pytest.TempPathFactory, name: str, first: tuple[str, str],
         second: tuple[str, str]) -> tuple[Topic, Topic]:
    """Two topics that compare with each other, written to a folder of their own: each given
    as its id and its YAML."""
    folder = factory.mktemp(name)
    for topic_id, text in (first, second):
        (folder / f"{topic_id}.yaml").write_text(text, encoding="utf-8")
    return load_topic(folder / f"{first[0]}.yaml"), load_topic(folder / f"{second[0]}.yaml")


@pytest.fixture(scope="module")
def stations(tmp_path_factory: pytest.TempPathFactory) -> tuple[Topic, Topic]:
    return pair(tmp_path_factory, "stations", ("iss", ISS), ("mir", MIR))


@pytest.fixture(scope="module")
def pairs(csto: Topic, nato: Topic, stations: tuple[Topic, Topic]) -> list[tuple[Topic, Topic]]:
    """Each topic with the one it compares with; also the contract's treaty and pact."""
    treaty = load_topic(REPO / "tests" / "contract" / "treaty.yaml")
    pact = load_topic(REPO / "tests" / "contract" / "pact.yaml")
    iss, mir = stations
    return [(csto, nato), (nato, csto), (iss, mir), (mir, iss), (treaty, pact), (pact, treaty)]


def called(topic: Topic) -> str:
    return f"the {topic.name}" if topic.article else topic.name


# The three inline marks (bold, italic, a link) around the words a reader sees.
MARKED = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*|\[(.+?)\]\([^)]*\)")


def flat(text: str) -> str:
    """`text` as printed, worked out here rather than by guide.content.marks (the code under test):
    the marks' words, curly apostrophes, single spaces."""
    shown = MARKED.sub(lambda m: next(g for g in m.groups() if g is not None), text)
    return " ".join(shown.replace("'", "\u2019").split())


def key(values: list[str]) -> str:
    """What a comparison side says, as an either-or question names it."""
    return str(len(values)) if len(values) > 1 else NOTE.sub("", flat(", ".join(values)))


def check(item: PracticeItem, topic: Topic, other: Topic | None) -> None:
    """Assert that `item` is right about `topic` (and `other`) and reads as English."""
    assert item.kind in KINDS
    assert item.prompt[0].isupper() or item.prompt.startswith(BLANK), item.prompt
    assert item.prompt.endswith(("?", ".")), item.prompt
    for text in (item.prompt, item.answer, *item.choices):
        assert text and text == text.strip() and "  " not in text
        assert "**" not in text and "None" not in text and "{" not in text, text
    assert item.answer not in {"\u2014", "-", "(none)"}
    label = re.fullmatch(r"(\w+)\[(.+)\]", item.source)
    assert label, item.source
    part, ref = label.groups()

    if item.kind == "date":
        event = topic.timeline[int(ref)]
        assert part == "timeline"
        assert item.answer == str(event.date)
        assert flat(event.event).rstrip(".") in item.prompt
        assert str(event.date.year) not in item.prompt

    elif item.kind == "order":
        assert item.prompt == "Put these events in order, earliest first."
        ordered = item.answer.split(ARROW)
        assert 3 <= len(ordered) <= 5
        assert sorted(item.choices) == sorted(ordered) and list(item.choices) != ordered
        events = [[e for e in topic.timeline if flat(e.event).rstrip(".") == t] for t in ordered]
        assert all(len(found) == 1 for found in events), "each event named once, exactly"
        years = [found[0].date.year for found in events]
        assert years == sorted(set(years)), "distinct years, earliest first"

    elif item.kind in {"fact", "choice"}:
        fact = topic.fact(ref)
        assert part == "facts" and fact is not None
        values = [flat(v.text) for v in fact.value]
        truth = str(len(values)) if len(values) > 1 else values[0]
        assert item.answer.casefold() not in item.prompt.casefold()
        if item.kind == "fact":
            assert item.answer == truth and not item.choices
        else:
            assert truth == item.answer or truth.startswith(item.answer + " (")
            assert item.choices.count(item.answer) == 1
            assert 3 <= len(item.choices) <= 4 and len(set(item.choices)) == len(item.choices)
            assert all(c.split()[-1].isdigit() for c in item.choices), "dates or numbers"

    elif item.kind == "either-or":
        assert other is not None and part == "comparison"
        assert item.choices == (topic.name, other.name)
        assert item.answer in item.choices
        assert item.prompt.startswith(("Which", "Whose"))
        assert item.prompt.endswith(f": {called(topic)} or {called(other)}?")
        spec = topic.comparison
        assert spec is not None
        if ref in spec.aspects:
            mine, theirs = (
                [flat(v.text) for v in t.fact(ref).value]  # type: ignore[union-attr]
                for t in (topic, other)
            )
        else:
            row = next(r for r in spec.rows if r.aspect == ref)
            mine, theirs = [flat(row.this)], [flat(row.other)]
        table = {aspect: (flat(a), flat(b)) for aspect, a, b in compare(topic, other).rows}
        assert table[ref] == (", ".join(mine), ", ".join(theirs)), "as the table shows it"
        if item.answer == other.name:
            mine, theirs = theirs, mine
        asked = item.prompt.removesuffix(f": {called(topic)} or {called(other)}?")
        assert re.search(rf"(?<!\w){re.escape(key(mine))}(?!\w)", asked), (item.prompt, mine)
        assert key(theirs).casefold() not in asked.casefold(), (item.prompt, theirs)

    elif item.kind == "blank":
        text = topic.summary[int(ref)].text
        spans = [flat(s) for s in re.findall(r"\*\*(.+?)\*\*", text)]
        assert part == "summary" and item.answer == "; ".join(spans)
        filled = item.prompt
        for span in spans:
            assert BLANK in filled
            filled = filled.replace(BLANK, span, 1)
        assert filled == flat(text)


def test_every_answer_is_right_and_every_prompt_reads_well(pairs):
    for topic, other in pairs:
        for comparing in (other, None):
            items = generate(topic, comparing)
            for item in items:
                check(item, topic, comparing)
            prompts = [i.prompt.casefold() for i in items]
            assert len(prompts) == len(set(prompts)), f"duplicate prompts for {topic.name}"
            asked = {flat(q.q).casefold() for q in topic.questions}
            assert not asked & set(prompts), "an author's own question is not generated again"


def test_the_same_topic_gives_the_same_items(pairs):
    for topic, other in pairs:
        assert generate(topic, other) == generate(topic, other)


def test_the_sample_topics_give_every_kind(csto, nato, stations):
    for topic, other in [(csto, nato), (nato, csto), stations]:
        assert {i.kind for i in generate(topic, other)} == KINDS, topic.name


def test_kinds_take_turns_so_a_limit_keeps_variety(csto, nato):
    items = generate(csto, nato)
    assert generate(csto, nato, limit=5) == items[:5]
    assert len({i.kind for i in items[:5]}) == 5
    assert generate(csto, nato, limit=0) == []


def test_exclude_by_source_or_prompt(csto, nato):
    items = generate(csto, nato)
    first, second = items[0], items[1]
    left = generate(csto, nato, exclude=[first.source, second.prompt.upper()])
    assert first not in left and second not in left
    assert [i for i in items if i not in (first, second)] == left


def test_an_excluded_event_is_not_put_in_order(csto, nato):
    order = next(i for i in generate(csto, nato) if i.kind == "order")
    first = order.answer.split(ARROW)[0]
    index = next(n for n, e in enumerate(csto.timeline) if flat(e.event).rstrip(".") == first)
    again = next(
        i for i in generate(csto, nato, exclude=[f"timeline[{index}]"]) if i.kind == "order"
    )
    assert first not in again.choices


def test_csto_with_nato(csto, nato):
    items = generate(csto, nato)
    assert PracticeItem(
        "date",
        "Azerbaijan, Georgia and Belarus join the treaty. In which year?",
        "1993",
        source="timeline[1]",
    ) in items
    established = next(i for i in items if i.source == "facts[Established]")
    assert established.kind == "choice" and established.prompt == "When was the CSTO established?"
    assert established.answer == "2002" and "1949" in established.choices
    assert established.key == f"{'abcd'[established.choices.index('2002')]}) 2002"
    spans = ("Russia, Armenia, Belarus, Kazakhstan, Kyrgyzstan and Tajikistan", "Moscow")
    assert PracticeItem(
        "blank",
        "Members of the organisation at present are _____. Headquarters: _____, Russia.",
        "; ".join(spans),
        source="summary[1]",
        blanks=spans,
    ) in items
    sources = {i.source for i in items}
    # The sheet's title gives away a blank for the organisation's own name.
    assert "summary[0]" not in sources
    # Asked once: the blank above asks for the headquarters and the members.
    assert not sources & {"facts[Headquarters]", "comparison[Headquarters]", "facts[Members]"}
    assert "facts[Member count]" in sources and "comparison[Members]" not in sources
    # The author asks when and where the Collective Security Treaty was signed.
    assert not sources & {"timeline[0]", "summary[2]"}
    by_source = {i.source: i for i in items if i.kind == "either-or"}
    languages = by_source["comparison[Official languages]"]
    assert languages.prompt in {
        "Which organisation\u2019s official languages are English and French: the CSTO or NATO?",
        "Which organisation\u2019s official languages are Russian: the CSTO or NATO?",
    }
    # Values that name their own organisation's treaty give the answer away.
    assert "comparison[Collective defence clause]" not in by_source
    assert "comparison[Highest body]" not in by_source


def test_nato_with_csto(nato, csto):
    items = generate(nato, csto)
    assert PracticeItem(
        "fact", "Where is NATO headquartered?", "Brussels, Belgium",
        source="facts[Headquarters]",
    ) in items
    assert PracticeItem(
        "fact", "How many members does NATO have?", "32 (since 7 March 2024)",
        source="facts[Member count]",
    ) in items
    assert PracticeItem(
        "fact", "How many founding members did NATO have?", "12",
        source="facts[Founding members]",
    ) in items
    either = {i.source: i for i in items if i.kind == "either-or"}
    assert "comparison[Headquarters]" not in either and "comparison[Members]" not in either
    treaty = either["comparison[Treaty in force]"]
    assert treaty.prompt in {
        "Which organisation\u2019s treaty entered into force on 20 April 1994: NATO or the CSTO?",
        "Which organisation\u2019s treaty entered into force on 24 August 1949: NATO or the CSTO?",
    }
    assert "the NATO" not in " ".join(i.prompt for i in items)


def test_without_the_other_topic_there_is_no_either_or(csto):
    assert "either-or" not in {i.kind for i in generate(csto)}


def test_a_new_topic(stations):
    iss, mir = stations
    items = generate(iss, mir)
    by_source = {i.source: i for i in items}
    launched = by_source["facts[Launched]"]
    assert launched.kind == "choice" and launched.prompt == "When was the ISS launched?"
    assert launched.choices == (
        "20 February 1986", "20 November 1998", "4 December 1998", "2 November 2000"
    )
    assert by_source["facts[Crew size]"].prompt == "What is the ISS\u2019s crew size?"
    # Unfit values and labels that do not read as a noun are left out.
    for label in ("Status", "Ratified", "Continuously occupied since", "Partners"):
        assert f"facts[{label}]" not in by_source, label
    assert "How many partners does the ISS have?" not in {i.prompt for i in items}
    # Events that name their own year or month are too easy.
    assert "timeline[4]" not in by_source and "timeline[5]" not in by_source
    # Zarya's launch is the station's launch, asked above; the blank about Zarya shows 1998.
    assert "timeline[1]" not in by_source and "timeline[2]" not in by_source
    assert by_source["timeline[6]"].prompt == (
        "The last Space Shuttle mission visits the station. In which month and year?"
    )
    assert by_source["timeline[6]"].answer == "July 2011"
    assert by_source["summary[3]"].prompt == (
        "The station is run by _____ space agencies, including NASA and _____."
    )
    assert by_source["summary[3]"].blanks == ("five", "Roscosmos")
    # "Baikonur" in a blank and the launch site "Baikonur Cosmodrome, Kazakhstan": one fact.
    assert not {"summary[1]", "facts[Launch site]"} <= set(by_source)
    assert "summary[4]" not in by_source, "a point that is all bold leaves nothing to read"
    either = {i.source: (i.prompt, i.answer) for i in items if i.kind == "either-or"}
    assert either["comparison[First crew]"] in {
        ("Which space station\u2019s first crew is Expedition 1: the ISS or Mir?", "ISS"),
        ("Which space station\u2019s first crew is Soyuz T-15: the ISS or Mir?", "Mir"),
    }
    # The crew size is asked as a fact; the same orbit and launch site on both sides; a side
    # that says nothing; no phrasing.
    for aspect in ("Crew size", "Orbit", "Launch site", "Status", "Partners", "Deorbited"):
        assert f"comparison[{aspect}]" not in either, aspect


def test_without_shared_tags_the_question_names_no_kind(pairs):
    treaty, pact = pairs[4]
    either = [i for i in generate(treaty, pact) if i.kind == "either-or"]
    assert either and all(i.prompt.startswith("Whose ") for i in either)
    assert "Which organisation" not in " ".join(i.prompt for i in either)


def test_phrasings_are_well_formed():
    fields = {
        "name": "N", "possessive": "N's", "label": "l", "be": "is", "verb": "v", "what": "w",
        "which": "Which", "whose": "Whose", "value": "x", "when": "in 1",
    }
    for pattern, kind, question, clause in PHRASINGS:
        re.compile(pattern)
        assert kind in {"date", "count", "name", "text"}
        assert question.format(**fields).endswith("?")
        assert clause == "" or clause.format(**fields).startswith(("Which", "Whose"))


EU = """\
title: European Union
short_name: EU
article: the
tags: [international organisations]
summary:
  - The EU is a political and economic union of **27** member states.
  - Its single currency, the **euro**, is used by 20 of them.
facts:
  - label: Established
    value: 1 November 1993
  - label: Headquarters
    value: Brussels, Belgium
  - label: Member states
    value: 27
  - label: Official languages
    value: 24
  - label: Seat
    value: 1993
  - label: President
    value: "2019"
  - label: Currency
    value: Euro
timeline:
  - date: 1957-03-25
    event: Treaty of Rome signed by six countries.
  - date: 1992-02-07
    event: Maastricht Treaty signed.
  - date: 2013-07-01
    event: Croatia joins as the 28th member.
  - date: 2020-01-31
    event: The United Kingdom leaves.
comparison:
  with: au
  aspects: [Established, Headquarters, Member states, Official languages]
"""

AU = """\
title: African Union
short_name: AU
article: the
tags: [international organisations]
summary:
  - The African Union has 55 member states.
facts:
  - label: Established
    value: 9 July 2002
  - label: Headquarters
    value: Addis Ababa, Ethiopia
  - label: Member states
    value: 55
  - label: Official languages
    value: [Arabic, English, French, Portuguese, Spanish, Kiswahili]
comparison:
  with: eu
  aspects: [Established, Headquarters, Member states, Official languages]
"""


@pytest.fixture(scope="module")
def unions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Topic, Topic]:
    return pair(tmp_path_factory, "unions", ("eu", EU), ("au", AU))


def all_pairs(pairs, unions) -> list[tuple[Topic, Topic | None]]:
    eu, au = unions
    return [*pairs, (eu, au), (au, eu), *((t, None) for t, _ in pairs)]


DATE = re.compile(r"(?:(?:\d{1,2} )?[A-Z][a-z]+ )?\d{4}")
NUMBER = re.compile(r"\d[\d,.]*")


def test_a_value_is_asked_only_as_what_it_is(pairs, unions):
    for topic, other in all_pairs(pairs, unions):
        for item in generate(topic, other):
            value = NOTE.sub("", item.answer)
            if item.kind in {"fact", "choice"}:
                if item.prompt.startswith("How many"):
                    assert NUMBER.fullmatch(value), item
                elif item.prompt.startswith("When"):
                    assert DATE.fullmatch(value), item
                elif item.prompt.startswith(("Where", "Who", "Which")):
                    assert not NUMBER.fullmatch(value) and not DATE.fullmatch(value), item
                    assert not NUMBER.match(value), item
            prompt = item.prompt.casefold()
            assert not re.search(r"\b(?:is|are) \d+\b(?! \w)", prompt), item
    eu, au = unions
    items = {i.source: i for i in generate(eu, au)}
    assert items["facts[Official languages]"].prompt == (
        "How many official languages does the EU have?")
    assert items["facts[Official languages]"].answer == "24"
    assert "facts[Seat]" not in items and "facts[President]" not in items, "a year is no place"
    au_items = {i.source: i for i in generate(au, eu)}
    assert au_items["facts[Official languages]"].answer == "6"
    either = au_items.get("comparison[Official languages]")
    assert either is None or either.prompt in {
        "Which organisation has 6 official languages: the AU or the EU?",
        "Which organisation has 24 official languages: the AU or the EU?",
    }


def test_no_two_items_test_the_same_fact(pairs, unions, csto):
    synonyms = {"member count": "members", "member states": "members"}
    for topic, other in all_pairs(pairs, unions):
        items = generate(topic, other)
        labels = [
            synonyms.get(ref.casefold(), ref.casefold())
            for ref in (re.fullmatch(r"(?:facts|comparison)\[(.+)\]", i.source) for i in items)
            if ref for ref in [ref.group(1)]
        ]
        assert len(labels) == len(set(labels)), (topic.name, labels)
        answers = [NOTE.sub("", i.answer).casefold() for i in items if i.kind != "either-or"]
        assert len(answers) == len(set(answers)), (topic.name, answers)
        for item in items:
            if item.kind in {"either-or", "order"}:
                continue
            wanted = item.blanks or (NOTE.sub("", item.answer),)
            for value in (v for v in wanted if len(v) > 2):
                for shown in items:
                    text = shown.prompt
                    for answer in shown.blanks:
                        text = text.replace(BLANK, answer, 1)
                    if shown is not item and shown.kind != "either-or":
                        assert not re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text, re.I), (
                            f"{shown.prompt!r} shows {value!r}, the answer to {item.prompt!r}")
    # The CSTO's author asks when and where the Collective Security Treaty was signed, and
    # since when it has had observer status: neither date is asked again.
    answers = {i.answer for i in generate(csto)}
    assert not {"15 May 1992", "2 December 2004"} & answers


def test_the_article_where_a_topic_asks_for_it(pairs, unions):
    for topic, other in all_pairs(pairs, unions):
        made = [i.prompt for i in generate(topic, other) if i.kind in {"fact", "choice"}]
        for prompt in made:
            for found in re.finditer(rf"(?<!\w){re.escape(topic.name)}(?!\w)", prompt):
                before = prompt[:found.start()]
                assert before.endswith("the ") == bool(topic.article), prompt
    eu, au = unions
    assert "When was the EU established?" in {i.prompt for i in generate(eu, au)}
    assert "How many official languages does the AU have?" in {i.prompt for i in generate(au)}


def test_generated_english_uses_curly_apostrophes(pairs, unions):
    for topic, other in all_pairs(pairs, unions):
        for item in generate(topic, other):
            if item.kind in {"fact", "choice", "either-or"}:
                assert "'" not in item.prompt, item.prompt


def test_a_key_gives_letters_for_choices_and_the_order(csto, nato):
    for item in generate(csto, nato):
        if item.kind in {"choice", "either-or"}:
            letter = "abcd"[item.choices.index(item.answer)]
            assert item.key == f"{letter}) {item.answer}"
        elif item.kind == "order":
            letters = item.key.split(", ")
            assert [item.choices["abcde".index(x)] for x in letters] == item.answer.split(ARROW)
        else:
            assert item.key == item.answer
