"""Practice items: every answer checked against the topic it came from, read as English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from guide.audience import compare
from guide.build import load_topic
from guide.marks import plain
from guide.model import Topic
from guide.practice import ARROW, BLANK, PHRASINGS, PracticeItem, generate

REPO = Path(__file__).resolve().parent.parent
KINDS = {"date", "order", "fact", "either-or", "choice", "blank"}
NOTE = re.compile(r"\s*\([^()]*\)$")

ISS = """\
title: International Space Station
short_name: ISS
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
  - q: How many partners does ISS have?
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


@pytest.fixture(scope="module")
def stations(tmp_path_factory: pytest.TempPathFactory) -> tuple[Topic, Topic]:
    folder = tmp_path_factory.mktemp("stations")
    (folder / "iss.yaml").write_text(ISS, encoding="utf-8")
    (folder / "mir.yaml").write_text(MIR, encoding="utf-8")
    return load_topic(folder / "iss.yaml"), load_topic(folder / "mir.yaml")


@pytest.fixture(scope="module")
def pairs(csto: Topic, nato: Topic, stations: tuple[Topic, Topic]) -> list[tuple[Topic, Topic]]:
    """Each topic with the one it compares with; also the contract's treaty and pact."""
    treaty = load_topic(REPO / "tests" / "contract" / "treaty.yaml")
    pact = load_topic(REPO / "tests" / "contract" / "pact.yaml")
    iss, mir = stations
    return [(csto, nato), (nato, csto), (iss, mir), (mir, iss), (treaty, pact), (pact, treaty)]


def flat(text: str) -> str:
    return " ".join(plain(text).split())


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
        assert item.prompt.endswith(f": {topic.name} or {other.name}?")
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
        asked = item.prompt.removesuffix(f": {topic.name} or {other.name}?")
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
        "fact", "Where is CSTO headquartered?", "Moscow, Russia", source="facts[Headquarters]"
    ) in items
    assert PracticeItem(
        "date",
        "In which year did this happen? Azerbaijan, Georgia and Belarus join the treaty.",
        "1993",
        source="timeline[1]",
    ) in items
    established = next(i for i in items if i.source == "facts[Established]")
    assert established.kind == "choice" and established.prompt == "When was CSTO established?"
    assert established.answer == "2002" and "1949" in established.choices
    assert PracticeItem(
        "blank",
        "The _____ is an intergovernmental military alliance in Eurasia, which was "
        "established in 2002.",
        "Collective Security Treaty Organisation (CSTO)",
        source="summary[0]",
    ) in items
    by_source = {i.source: i for i in items if i.kind == "either-or"}
    headquarters = by_source["comparison[Headquarters]"]
    city = "Brussels" if "Brussels" in headquarters.prompt else "Moscow"
    assert headquarters.answer == {"Brussels": "NATO", "Moscow": "CSTO"}[city]
    assert headquarters.prompt.startswith("Which organisation is headquartered in ")
    members = by_source["comparison[Members]"]
    assert members.prompt in {
        "Which organisation has 6 members: CSTO or NATO?",
        "Which organisation has 32 members: CSTO or NATO?",
    }
    assert "comparison[Member count]" not in by_source, "the same question once"
    # Values that name their own organisation's treaty give the answer away.
    assert "comparison[Collective defence clause]" not in by_source
    assert "comparison[Highest body]" not in by_source


def test_nato_with_csto(nato, csto):
    items = generate(nato, csto)
    assert PracticeItem(
        "either-or",
        "Which organisation is headquartered in Brussels, Belgium: NATO or CSTO?",
        "NATO",
        ("NATO", "CSTO"),
        "comparison[Headquarters]",
    ) in items
    assert PracticeItem(
        "fact", "How many members does NATO have?", "32 (since 7 March 2024)",
        source="facts[Member count]",
    ) in items
    assert PracticeItem(
        "fact", "How many founding members did NATO have?", "12",
        source="facts[Founding members]",
    ) in items
    assert PracticeItem(
        "fact", "Who is NATO's secretary general?",
        "Mark Rutte (since 1 October 2024; succeeded Jens Stoltenberg, 2014\u20132024)",
        source="facts[Secretary General]",
    ) in items


def test_without_the_other_topic_there_is_no_either_or(csto):
    assert "either-or" not in {i.kind for i in generate(csto)}


def test_a_new_topic(stations):
    iss, mir = stations
    items = generate(iss, mir)
    by_source = {i.source: i for i in items}
    launched = by_source["facts[Launched]"]
    assert launched.kind == "choice" and launched.prompt == "When was ISS launched?"
    assert launched.choices == (
        "20 February 1986", "20 November 1998", "4 December 1998", "2 November 2000"
    )
    # Unfit values and labels that do not read as a noun are left out.
    for label in ("Status", "Ratified", "Continuously occupied since", "Partners"):
        assert f"facts[{label}]" not in by_source, label
    assert "How many partners does ISS have?" not in {i.prompt for i in items}
    # Events that name their own year or month are too easy.
    assert "timeline[4]" not in by_source and "timeline[5]" not in by_source
    assert by_source["timeline[2]"].prompt == (
        "In which year did this happen? Construction of the station begins in orbit."
    )
    assert by_source["timeline[6]"].answer == "July 2011"
    assert by_source["summary[3]"].prompt == (
        "The station is run by _____ space agencies, including NASA and _____."
    )
    assert "summary[4]" not in by_source, "a point that is all bold leaves nothing to read"
    either = {i.source: (i.prompt, i.answer) for i in items if i.kind == "either-or"}
    assert either["comparison[Crew size]"] in {
        ("Which space station's crew size is 7: ISS or Mir?", "ISS"),
        ("Which space station's crew size is 3: ISS or Mir?", "Mir"),
    }
    # The same orbit and launch site on both sides; a side that says nothing; no phrasing.
    for aspect in ("Orbit", "Launch site", "Status", "Partners", "Deorbited"):
        assert f"comparison[{aspect}]" not in either, aspect


def test_without_shared_tags_the_question_names_no_kind(pairs):
    treaty, pact = pairs[4]
    either = {i.source: i for i in generate(treaty, pact) if i.kind == "either-or"}
    assert either["comparison[Signed]"].prompt in {
        "Which was signed in 1990: TOE or Pact?",
        "Which was signed in 1975: TOE or Pact?",
    }
    assert either["comparison[Depositary]"].prompt.startswith("Whose depositary is ")


def test_phrasings_are_well_formed():
    fields = {
        "name": "N", "possessive": "N's", "label": "l", "be": "is", "verb": "v", "what": "w",
        "which": "Which", "whose": "Whose", "value": "x", "when": "in 1",
    }
    for pattern, kind, question, clause in PHRASINGS:
        re.compile(pattern)
        assert kind in {"date", "count", "text"}
        assert question.format(**fields).endswith("?")
        assert clause == "" or clause.format(**fields).startswith(("Which", "Whose"))
