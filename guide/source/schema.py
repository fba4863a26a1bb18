"""JSON Schemas (draft 2020-12) of guide's three file kinds, generated from their models, so
that an editor running the YAML language server completes keys and flags mistakes as you type.

The models never see YAML's types: the loader hands them every scalar as the text that was
typed, so `level: "2"` passes as `level: 2` does, and `title: 2002` is the text "2002". An
editor parses YAML 1.2 and sees numbers, booleans and nulls. Each schema describes a file as
the editor sees it and accepts what the model accepts: text where a number or a yes/no is
wanted if the model would read it so, numbers and booleans where text is wanted, an empty
optional key as if absent, a date as a year, a month or a day that exists, quoted or not.

The schemas ship in the package (`guide/schemas/`, where `guide new` points editors to) and
are written by `python -m guide.source.schema`; a test keeps them equal to what this module makes.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from guide.source.audience import AudienceFile, normalise_paper
from guide.source.config import Config
from guide.source.model import (
    MAX_TEXT,
    Date,
    Fact,
    Item,
    Level,
    PartialDate,
    Text,
    Topic,
    _not_blank,
    _Strict,
)
from guide.source.paper import CHOOSABLE
from guide.source.resources import PACKAGE

DRAFT = "https://json-schema.org/draft/2020-12/schema"
FOLDER = PACKAGE / "schemas"

# What each kind of file is, and the model that reads it.
KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "topic": (Topic, "A guide topic file, data/<id>.yaml"),
    "audience": (AudienceFile, "A guide audience file, styles/audiences/<name>.yaml"),
    "config": (Config, "guide's project settings, guide.yaml"),
}

# What editors show on hover and beside completions, by model and key: the words of
# docs/format.md, short. A key a model describes itself (Field(description=...)) needs none.
DESCRIPTIONS: dict[str, dict[str, str]] = {
    "Topic": {
        "title": "Required. The topic's name; the PDF's title.",
        "lang": "The language of the text, a BCP 47 tag: en (the default), hi, pt-BR.",
        "short_name": "A shorter name for running headers and the comparison (CSTO).",
        "article": "the, when the name takes it in a sentence (the CSTO; not NATO).",
        "colour": 'The topic\'s colour in comparison charts: "#7a1f3d" (quoted) or 7a1f3d.',
        "subtitle": "A line under the title; the PDF's subject.",
        "author": "Printed under the title; the PDF's author.",
        "as_of": "When the facts were last checked: YYYY, YYYY-MM or YYYY-MM-DD.",
        "tags": "A list of words: the PDF's keywords and the line above the title.",
        "in_the_news": "The news hook, printed as a callout at the top.",
        "summary": "Required. 1 to 8 points for the summary box: text, or text and level.",
        "facts": "The key-facts panel, in this order: label and value; labels unique.",
        "sections": "Free sections, in this order: heading, with text and/or points.",
        "timeline": "Events (date and event), printed as a table sorted by date.",
        "comparison": "A comparison with another topic in the same folder.",
        "questions": "Study questions: q, and its answer a.",
        "sources": "Where the facts come from: title, publisher, url, date.",
        "practice": "Practice items generated from the facts: generate, exclude.",
    },
    "_Levelled": {
        "level": "1, 2 or 3 (default 1): an audience of level N prints levels up to N.",
    },
    "Item": {"text": "The text: **bold**, *italic* and [words](https://...) links."},
    "Point": {
        "text": "The point's text.",
        "points": "Points under this one: text, or text, level and points.",
    },
    "Fact": {
        "label": "The fact's name (Established, Members); unique in the topic.",
        "value": "Text, or a list of texts (printed joined by commas).",
    },
    "Section": {
        "heading": "The section's heading.",
        "text": "Paragraphs, a blank line between them.",
        "points": "Bullet points: text, or text, level and points of their own.",
        "figure": "A picture printed with the section: file (in images/), alt, caption, "
                  "credit.",
    },
    "Figure": {
        "file": "A PNG, JPEG or SVG file in the project's images/ folder, such as map.png.",
        "alt": "Required. What the picture shows, for readers who cannot see it.",
        "caption": "Printed under the picture.",
        "credit": "Who made the picture, printed after the caption.",
    },
    "Event": {
        "date": "YYYY, YYYY-MM or YYYY-MM-DD, printed at its own precision.",
        "event": "What happened.",
    },
    "Row": {
        "aspect": "What is compared.",
        "this": "This topic's side.",
        "other": "The other topic's side.",
    },
    "Comparison": {
        "with": "The id of the other topic: its file name without .yaml (nato).",
        "title": "The comparison's title; by default '<this> and <other> compared'.",
        "aspects": "Fact labels looked up in both topics.",
        "rows": "Rows written out by hand, after the aspects: aspect, this, other.",
    },
    "Question": {"q": "The question.", "a": "Its answer."},
    "Source": {
        "title": "The source's title.",
        "publisher": "Who published it.",
        "url": "An http, https or mailto link.",
        "date": "When it was published: YYYY, YYYY-MM or YYYY-MM-DD.",
    },
    "Practice": {
        "generate": "true, or false for no generated practice from this topic.",
        "exclude": "Items to leave out, by source (timeline[3], facts[Headquarters]) or "
                   "by question.",
    },
    "AudienceFile": {
        "description": "Shown in `guide audiences`.",
        "theme": "A stylesheet styles/themes/<theme>.css, the project's own first.",
        "paper": "A4, A5, Letter or Legal.",
        "orientation": "portrait or landscape.",
        "variant": "student: answers in a key at the end; teacher: answers under each "
                   "question; none: no questions.",
        "level": "Print items up to this level: 1, 2 or 3.",
        "font_size": "The base text size: 11pt, 15px, 4mm.",
        "sections": "Which parts print, in this order.",
        "header": "Running header text at the top right.",
        "mark": "A mark at the top centre of every page (Teacher copy).",
        "pages": "Page budget: a longer sheet gets a warning (an error with --strict).",
        "fit": "Over its pages, print the topic again without its deepest level.",
        "practice": "How many generated practice items to print (0 to 100).",
        "worksheet": "A worksheet: name fields, ruled lines to answer on.",
        "qr_codes": "A QR code under the sources for each source with a URL.",
        "timeline": "The timeline as a table, a chart, or both.",
        "comparison_chart": "Small charts under the comparison, of aspects that are numbers "
                            "or years.",
        "comparison_layout": "The comparison as a table, or stacked (for large print).",
        "bilingual": "A language (hi): each topic prints with its translation <id>.<lang>.yaml.",
        "css": "A stylesheet applied last, relative to this file.",
    },
    "Config": {
        "default_audiences": "The audiences `guide build` uses without -a.",
        "order": "Topic ids in the order a booklet prints them.",
        "booklet": "A booklet's cover and binding.",
        "limits": "How long one sheet may take to lay out, and its memory.",
        "check": "What `guide check` warns about.",
    },
    "BookletConfig": {
        "title": "The cover's title (--title).",
        "subtitle": "A line under the title (--subtitle).",
        "school": "The school's name, at the head of the cover (--school).",
        "subject": "The subject, at the foot of the cover (--subject).",
        "class": "The class, beside the subject (--class).",
        "date": "Any text: Spring term 2025. Default: the newest as_of.",
    },
    "LimitsConfig": {
        "seconds": "How long one sheet may take to lay out, in seconds.",
        "memory_mb": "The memory one sheet's worker may map, in MB.",
    },
}

# Types used all over a file, each given once under $defs, and what they are.
SHARED = {"Text": Text, "Level": Level, "Date": Date}
SHARED_DESCRIPTIONS = {
    "Text": "Text, not blank: **bold**, *italic* and [words](https://...) links. A number "
            "typed here is text, as typed.",
    "Level": "1, 2 or 3 (default 1): an audience of level N prints items up to level N.",
    "Date": "YYYY, YYYY-MM or YYYY-MM-DD, quoted or not; a day that is on the calendar.",
}

# The words pydantic reads as yes and no, in any case (it reads `1` and `0` too).
BOOL_WORDS = ("true", "false", "yes", "no", "on", "off", "t", "f", "y", "n")
DATE_MESSAGE = "expected a date as YYYY, YYYY-MM or YYYY-MM-DD that is on the calendar"


def _any_case(word: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in word)


def _date_pattern() -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD of a day that exists (29 February in leap years only),
    year 0001 to 9999, spaces around allowed: what `PartialDate.parse` takes."""
    year = "(?!0000)[0-9]{4}"
    days = {"(?:0[13578]|1[02])": "(?:0[1-9]|[12][0-9]|3[01])",
            "(?:0[469]|11)": "(?:0[1-9]|[12][0-9]|30)", "02": "(?:0[1-9]|1[0-9]|2[0-8])"}
    month_days = "|".join(f"{month}-{day}" for month, day in days.items())
    leap = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
    return (rf"^\s*(?:{year}(?:-(?:0[1-9]|1[0-2]))?|{year}-(?:{month_days})"
            rf"|{leap}-02-29)\s*$")


DATE = {
    "description": "a date",
    "anyOf": [
        {"type": "string", "pattern": _date_pattern(), "patternErrorMessage": DATE_MESSAGE},
        {"type": "integer", "minimum": 1000, "maximum": 9999},
    ],
    "examples": ["2024-02-23", "2024-02", "2024"],
}


def _at_least(n: int) -> str:
    """A regex of the whole numbers written without leading zeros that are at least `n`."""
    digits = str(n)
    longer = f"[1-9][0-9]{{{len(digits)},}}"
    same = [f"{digits[:i]}[{int(d) + 1}-9]" + "[0-9]" * (len(digits) - i - 1)
            for i, d in enumerate(digits) if d != "9"]
    return "(?:" + "|".join([longer, *same, digits]) + ")"


def _number_text(bounds: dict[str, float], whole: bool) -> str:
    """A regex of the numbers as text that pydantic reads within `bounds` (ge, gt, le, lt;
    whole numbers or not): `2`, `+2`, ` 02 `, `2.0` for a whole number (not `2.`, which
    pydantic refuses); `20.5`, `.5` too."""
    digits = r"[0-9]+(?:\.0+)?" if whole else r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
    checks = []
    low = bounds.get("gt", bounds.get("ge", 0))
    if low > 0:
        checks.append(f"(?=0*{_at_least(int(low))})")
    if "gt" in bounds:
        checks.append(rf"(?!0*{int(low) or ''}(?:\.0*)?\s*$)")
    if "le" in bounds or "lt" in bounds:
        high = int(bounds.get("le", bounds.get("lt", 0)))
        above = rf"0*{_at_least(high + 1)}(?:\.[0-9]*)?"
        top = rf"0*{high}(?:\.0*)?" if "lt" in bounds else rf"0*{high}\.[0-9]*[1-9]"
        checks.append(rf"(?!(?:{above}|{top})\s*$)")
    return rf"^\s*\+?{''.join(checks)}{digits}\s*$"


def _range_words(bounds: dict[str, float], whole: bool) -> str:
    kind = "a whole number" if whole else "a number"
    low = [f"over {bounds['gt']:g}"] if "gt" in bounds else (
        [f"from {bounds['ge']:g}"] if "ge" in bounds else [])
    high = [f"to {bounds['le']:g}"] if "le" in bounds else (
        [f"under {bounds['lt']:g}"] if "lt" in bounds else [])
    return " ".join(["expected", kind, *low, *high])


def _text_also(string: JsonSchemaValue) -> list[JsonSchemaValue]:
    """The YAML scalars other than strings that the model reads as this text: a number or a
    boolean typed where text is wanted is the text typed (`title: 2002`)."""
    pattern = re.compile(string.get("pattern", ""))
    also: list[JsonSchemaValue] = []
    if pattern.search("1.5"):
        also.append({"type": "number"})
    elif lengths := [n for n in range(1, 10) if pattern.search("1" * n)]:
        # digits the model takes as text (`colour: 333333`), which YAML reads as a number
        also += ([{"type": "integer", "minimum": 0}] if lengths[-1] == 9 else
                 [{"type": "integer", "minimum": 10 ** (n - 1), "maximum": 10**n - 1}
                  for n in lengths])
    if pattern.search("true") and pattern.search("false"):
        also.append({"type": "boolean"})
    return also


class _Generator(GenerateJsonSchema):
    """pydantic's generator, taught what guide's own validators accept."""

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        string = super().str_schema(schema)
        also = _text_also(string)
        return {"anyOf": [string, *also]} if also else string

    def int_schema(self, schema: core_schema.IntSchema) -> JsonSchemaValue:
        return self._number(super().int_schema(schema), schema, whole=True)

    def float_schema(self, schema: core_schema.FloatSchema) -> JsonSchemaValue:
        return self._number(super().float_schema(schema), schema, whole=False)

    def _number(self, number: JsonSchemaValue, schema: Any, whole: bool) -> JsonSchemaValue:
        bounds = {k: schema[k] for k in ("ge", "gt", "le", "lt") if k in schema}
        text = {"type": "string", "pattern": _number_text(bounds, whole),
                "patternErrorMessage": _range_words(bounds, whole)}
        return {"anyOf": [number, text]}

    def bool_schema(self, schema: core_schema.BoolSchema) -> JsonSchemaValue:
        words = "|".join(_any_case(w) for w in BOOL_WORDS)
        return {"anyOf": [{"type": "boolean"}, {"enum": [0, 1]},
                          {"type": "string", "pattern": f"^(?:{words}|0|1)$",
                           "patternErrorMessage": "expected true or false"}]}

    def function_plain_schema(
        self, schema: core_schema.PlainValidatorFunctionSchema
    ) -> JsonSchemaValue:
        if schema["function"]["function"] == PartialDate.parse:
            return copy.deepcopy(DATE)
        return super().function_plain_schema(schema)

    def function_before_schema(
        self, schema: core_schema.BeforeValidatorFunctionSchema
    ) -> JsonSchemaValue:
        function = schema["function"]["function"]
        if function is normalise_paper:  # `letter` and `LETTER` mean Letter
            papers = sorted(CHOOSABLE)
            any_case = "|".join(_any_case(p) for p in papers)
            return {"anyOf": [{"enum": papers},
                              {"type": "string", "pattern": f"^(?:{any_case})$"}]}
        if getattr(function, "__func__", None) is Fact._one_or_many.__func__:  # type: ignore[attr-defined]
            many = self.generate_inner(schema["schema"])
            return {"anyOf": [self._text(), many]}
        return super().function_before_schema(schema)

    def function_after_schema(
        self, schema: core_schema.AfterValidatorFunctionSchema
    ) -> JsonSchemaValue:
        if schema["function"]["function"] is _not_blank:
            return self._text(schema["schema"])
        return super().function_after_schema(schema)

    def _text(self, inner: Any = None) -> JsonSchemaValue:
        """Text that is not blank (`_not_blank`): a character other than a space."""
        inner = inner or {"type": "str", "min_length": 1, "max_length": MAX_TEXT}
        return self.generate_inner({**inner, "pattern": r"\S"})

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        model = schema["cls"]
        json_schema = super().model_schema(schema)
        required = set(json_schema.get("required", ()))
        described = DESCRIPTIONS.get(model.__name__, {})
        for base in model.__mro__[1:]:  # a point's level is an item's level
            described = {**DESCRIPTIONS.get(base.__name__, {}), **described}
        for key, prop in json_schema.get("properties", {}).items():
            prop.pop("title", None)
            if key in described:
                prop["description"] = described[key]
            if issubclass(model, _Strict) and key not in required:
                _allow_null(prop)  # `facts:` with nothing under it is as if not given
        if issubclass(model, Item):  # a list item may be only its text
            return {"anyOf": [self._text(), json_schema]}
        return json_schema


def _allow_null(prop: JsonSchemaValue) -> None:
    options = prop.get("anyOf")
    if options is None:
        keep = {k: prop.pop(k) for k in ("description", "default") if k in prop}
        options = [dict(prop)]
        prop.clear()
        prop.update(anyOf=options, **keep)
    if {"type": "null"} not in options:
        options.append({"type": "null"})


def _tidy(node: Any, shared: dict[str, JsonSchemaValue]) -> Any:
    """The schema made shorter and easier to read: `anyOf` in `anyOf` flattened, and the
    types used everywhere (text, level, date) references to one definition each."""
    if isinstance(node, list):
        return [_tidy(item, shared) for item in node]
    if not isinstance(node, dict):
        return node
    node = {k: _tidy(v, shared) for k, v in node.items()}
    if "anyOf" not in node:
        return node
    options = []
    for option in node["anyOf"]:
        options += option["anyOf"] if set(option) == {"anyOf"} else [option]
    for name, kind in shared.items():
        if options[: len(kind["anyOf"])] == kind["anyOf"]:
            options = [{"$ref": f"#/$defs/{name}"}, *options[len(kind["anyOf"]):]]
            node = {k: v for k, v in node.items() if kind.get(k) != v}  # the type's own words
    node["anyOf"] = options
    if len(options) == 1:
        del node["anyOf"]
        node = {**options[0], **node}
    return node


def generate(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of file: topic, audience or config."""
    model, title = KINDS[kind]
    body = model.model_json_schema(schema_generator=_Generator)
    shared = {name: TypeAdapter(t).json_schema(schema_generator=_Generator)
              for name, t in SHARED.items()}
    body = _tidy(body, shared)
    used = json.dumps(body)
    for name, definition in shared.items():
        if f'"#/$defs/{name}"' in used:
            body.setdefault("$defs", {})[name] = {**definition,
                                                 "description": SHARED_DESCRIPTIONS[name]}
    return {"$schema": DRAFT, "title": title, **{k: v for k, v in body.items() if k != "title"}}


def render(kind: str) -> str:
    """The schema as the text of its file."""
    return json.dumps(generate(kind), indent=2, ensure_ascii=False) + "\n"


def path(kind: str) -> Path:
    """The shipped schema file of one kind."""
    return FOLDER / f"{kind}.schema.json"


def modeline(kind: str = "topic") -> str:
    """The first line that points the YAML language server at the installed schema.

    A plain absolute path, which needs no network and follows guide's upgrades; a file URL
    where the path holds a space, since the server reads the schema up to the first one.
    """
    target = path(kind).resolve()
    where = target.as_uri() if re.search(r"\s", str(target)) else str(target)
    return f"# yaml-language-server: $schema={where}"


def write_all() -> None:
    """Write every kind's schema into the package (`python -m guide.source.schema`)."""
    FOLDER.mkdir(exist_ok=True)
    for kind in KINDS:
        path(kind).write_text(render(kind), encoding="utf-8")


if __name__ == "__main__":
    write_all()
