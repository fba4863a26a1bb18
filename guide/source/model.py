"""Stage 2, validate: the typed model of a topic file, and its errors as located problems."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from guide.errors import GuideError, Problem
from guide.source.load import Document, Loc

_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day; shown at its own precision."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        text = str(value).strip() if isinstance(value, str | int) else None
        match = _DATE_RE.fullmatch(text or "")
        if not match:
            given = "nothing" if value is None else repr(value)
            hint = f"; write {written}" if text and (written := _iso_of(text)) else ""
            raise ValueError(
                f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {given}{hint}")
        year, month, day = (int(g) if g else None for g in match.groups())
        if 0 in (month, day):
            raise ValueError(f"{text} is not a real date (months and days start at 01)")
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError as exc:
            raise ValueError(f"{text} is not a real date ({exc})") from None
        return cls(year, month, day)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        parts += [f"{n:02d}" for n in (self.month, self.day) if n is not None]
        return "-".join(parts)

    def __str__(self) -> str:
        """The date in English words at its own precision (guide.source.dates.written)."""
        from guide.source.dates import written  # which reads this module

        return written(self, "en")


def _iso_of(text: str) -> str | None:
    """A date typed another way (`March 1999`, `5 March 1999`, `1999/03/05`) in the form
    the format takes, at the precision it was typed; None when it is not clearly one date
    (no four-digit year, or day and month both in figures, as in 05/03/1999)."""
    from dateutil import parser

    if not re.search(r"\d{4}", text) or not (re.search(r"[A-Za-z]", text)
                                            or re.match(r"\d{4}\D", text)):
        return None
    try:  # parsed against two defaults: what differs was not typed
        one, two = (parser.parse(text, default=dt.datetime(1, 1, 1)),
                    parser.parse(text, default=dt.datetime(2, 2, 2)))
    except (ValueError, OverflowError):
        return None
    date = PartialDate(one.year, one.month if one.month == two.month else None,
                       one.day if one.day == two.day and one.month == two.month else None)
    return date.iso() if one.year == two.year else None


Date = Annotated[
    PartialDate,
    PlainValidator(PartialDate.parse),
    PlainSerializer(PartialDate.iso),
    Field(description="a date: YYYY, YYYY-MM or YYYY-MM-DD"),
]
def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("is blank; expected text")
    return text


# Caps that keep a hostile file from making a build run for minutes; far above any real sheet.
MAX_TEXT = 20_000
MAX_ITEMS = 500

Text = Annotated[
    str, Field(min_length=1, max_length=MAX_TEXT, description="text"), AfterValidator(_not_blank)
]
TopicId = Annotated[
    str,
    Field(
        min_length=1,
        pattern=r"^[\w.-]+$",
        description="the id of another topic in the same folder (its file name without .yaml "
        "or .md)",
    ),
]
Url = Annotated[str, Field(pattern=r"^(https?://|mailto:)\S+$", max_length=2_000)]
Level = Annotated[int, Field(ge=1, le=3, description="1, 2 or 3")]
# Quoted, as "#7a1f3d" (YAML reads an unquoted # as a comment), or without the #.
Colour = Annotated[
    str,
    Field(pattern=r"^#?([0-9a-fA-F]{3}){1,2}$"),
    AfterValidator(lambda v: v if v.startswith("#") else f"#{v}"),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _empty_means_absent(cls, data: Any) -> Any:
        """An optional key left empty (`facts:` with nothing under it) is as if not given."""
        if not isinstance(data, dict):
            return data
        required = {f.alias or n for n, f in cls.model_fields.items() if f.is_required()}
        return {k: v for k, v in data.items() if v is not None or k in required}


class _Levelled(_Strict):
    level: Level = 1


def _text_or_mapping(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class Item(_Levelled):
    """A list item: plain text, or a mapping with `text` and `level`."""

    text: Text

    _from_text = model_validator(mode="before")(classmethod(lambda cls, v: _text_or_mapping(v)))


class Point(Item):
    """A bullet point that may nest points of its own."""

    points: Annotated[list[Point], Field(max_length=MAX_ITEMS)] = []


class Fact(_Levelled):
    label: Text
    value: Annotated[
        list[Item], Field(max_length=MAX_ITEMS, description="text or a list of texts")
    ]

    @field_validator("value", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @property
    def text(self) -> str:
        return ", ".join(item.text for item in self.value)


ImageFile = Annotated[
    str,
    Field(min_length=1, max_length=1_000,
          description="a PNG, JPEG or SVG file in the project's images/ folder, such as map.png"),
]


class Figure(_Strict):
    """A picture printed with a section, from the project's images/ folder."""

    # Only its name and words are checked here; the file itself where the project is known
    # (guide.source.figures).

    file: ImageFile
    alt: Annotated[Text, Field(description="what the picture shows, for readers who cannot "
                                           "see it")]
    caption: Text | None = None
    credit: Text | None = None


class Section(_Levelled):
    heading: Text
    text: Text | None = None
    points: Annotated[list[Point], Field(max_length=MAX_ITEMS)] = []
    figure: Figure | None = None

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in re.split(r"\n\s*\n", self.text or "") if p.strip()]


class Event(_Levelled):
    date: Date
    event: Text


class Row(_Levelled):
    aspect: Text
    this: Text
    other: Text


class Comparison(_Strict):
    with_: TopicId = Field(alias="with")
    title: Text | None = None
    aspects: Annotated[list[Text], Field(max_length=MAX_ITEMS)] = []
    rows: Annotated[list[Row], Field(max_length=MAX_ITEMS)] = []


class Question(_Levelled):
    q: Text
    a: Text | None = None


class Source(_Strict):
    title: Text
    publisher: Text | None = None
    url: Url | None = None
    date: Date | None = None


class Practice(_Strict):
    """Practice items generated from the facts: on, or off, and which to leave out."""

    generate: bool = True
    exclude: Annotated[
        list[Text],
        Field(max_length=MAX_ITEMS, description="sources such as timeline[3] or prompts"),
    ] = []


Lang = Annotated[str, Field(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
                            description="a BCP 47 language tag such as en, hi or pt-BR")]


class Topic(_Strict):
    """A topic file: `data/<id>.yaml`, or `data/<id>.md` (see `guide.source.markdown_topic`)."""

    title: Text
    lang: Lang = "en"
    short_name: Text | None = None
    article: Annotated[
        Literal["the"] | None,
        Field(description="the, when the name takes it in a sentence (the CSTO; not NATO)"),
    ] = None
    colour: Colour | None = Field(  # in comparison charts, on every sheet
        None, description='a colour such as "#7a1f3d" (quoted) or 7a1f3d')
    subtitle: Text | None = None
    author: Text | None = None
    as_of: Date | None = None
    tags: Annotated[list[Text], Field(max_length=MAX_ITEMS)] = []
    in_the_news: Text | None = None
    summary: Annotated[
        list[Item], Field(min_length=1, max_length=8, description="a list of 1 to 8 points")
    ]
    facts: Annotated[list[Fact], Field(max_length=MAX_ITEMS)] = []
    sections: Annotated[list[Section], Field(max_length=MAX_ITEMS)] = []
    timeline: Annotated[list[Event], Field(max_length=MAX_ITEMS)] = []
    comparison: Comparison | None = None
    questions: Annotated[list[Question], Field(max_length=MAX_ITEMS)] = []
    sources: Annotated[list[Source], Field(max_length=MAX_ITEMS)] = []
    practice: Practice = Practice()

    @property
    def name(self) -> str:
        """The name used in headers and comparisons."""
        return self.short_name or self.title

    @property
    def called(self) -> str:
        """The name as a sentence uses it, after a word: "the CSTO", "NATO"."""
        return f"{self.article} {self.name}" if self.article else self.name

    def fact(self, label: str) -> Fact | None:
        return next((f for f in self.facts if f.label.casefold() == label.casefold()), None)


def validate_topic(doc: Document) -> Topic:
    """Build the typed topic from a loaded document, or raise every problem at once."""
    problems = _duplicate_labels(doc)
    try:
        topic = Topic.model_validate(doc.data)
    except ValidationError as exc:
        problems += validation_problems(doc, exc, Topic)
    if problems:
        raise GuideError(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
    return topic


def _duplicate_labels(doc: Document) -> list[Problem]:
    """Fact labels given twice (ignoring case), read from the raw data so that they are
    reported with the file's other problems."""
    facts = doc.data.get("facts")
    if not isinstance(facts, list):
        return []
    seen: dict[str, int] = {}
    problems = []
    for i, fact in enumerate(facts):
        label = fact.get("label") if isinstance(fact, dict) else None
        if not isinstance(label, str):
            continue
        if (first := seen.setdefault(label.casefold(), i)) != i:
            line = doc.line_of(("facts", first, "label"))
            problems.append(doc.problem(
                ("facts", i, "label"),
                f"duplicate fact label {label!r} (first given on line {line[0] if line else '?'})",
            ))
    return problems


_EXPECTED_BY_TYPE = {
    "string_type": "text",
    "list_type": "a list",
    "int_parsing": "a whole number",
    "int_type": "a whole number",
}


def validation_problems(
    doc: Document, exc: ValidationError, root: type[BaseModel]
) -> list[Problem]:
    """Every pydantic error of `doc` as a located, readable problem, in file order."""
    problems = [_problem(doc, err, root) for err in exc.errors()]
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _problem(doc: Document, err: ErrorDetails, root: type[BaseModel]) -> Problem:
    loc: Loc = err["loc"]
    kind = err["type"]
    if loc and loc[-1] == "text" and isinstance(_raw(doc.data, loc[:-1]), str):
        loc = loc[:-1]  # an item written as plain text: the user never wrote `text:`
    if kind == "extra_forbidden":
        return doc.problem(loc, _unknown_key(loc, root))
    if kind == "value_error":
        return doc.problem(loc, err["msg"].removeprefix("Value error, "))
    if kind in {"too_short", "too_long"}:
        field = _field(loc, root)
        bounds = {k: getattr(m, k) for m in field.metadata for k in ("min_length", "max_length")
                  if getattr(m, k, None) is not None} if field else {}
        got = len(err["input"])
        if "min_length" in bounds and "max_length" in bounds:
            return doc.problem(
                loc, f"expected {bounds['min_length']} to {bounds['max_length']} items, got {got}"
            )
        return doc.problem(loc, f"expected at most {err['ctx']['max_length']} items, got {got}")
    if kind == "string_too_long":
        return doc.problem(loc, f"is longer than {err['ctx']['max_length']:,} characters")
    if kind == "literal_error":
        return doc.problem(loc, f"expected {err['ctx']['expected']}, got {_describe(err['input'])}")
    if kind == "string_pattern_mismatch" and (field := _field(loc, root)) and field.description:
        return doc.problem(loc, f"expected {field.description}, got {_describe(err['input'])}")
    if kind == "string_pattern_mismatch":
        given = _describe(err["input"])
        return doc.problem(loc, f"expected an http, https or mailto link, got {given}")
    if kind == "string_too_short":
        return doc.problem(loc, "is empty; expected text")
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        expected = _mapping_expected(_model_at(loc, root))
        given = err["input"]
        # `- label:Motto` is text to YAML: a key needs a space after its colon.
        glued = re.fullmatch(r"([A-Za-z_][\w-]*):(\S.*)", given) if isinstance(given, str) else None
        hint = f"; a colon needs a space after it: write `{glued[1]}: {glued[2]}`" if glued else ""
        return doc.problem(loc, f"expected {expected}, got {_describe(given)}{hint}")
    field = _field(loc, root)
    expected = (field.description if field else None) or _EXPECTED_BY_TYPE.get(kind)
    if kind == "missing":
        model = _inner_model(field.annotation) if field else None
        what = expected or _mapping_expected(model)
        return doc.problem(loc, f"required key is missing; expected {what}")
    return doc.problem(loc, f"expected {expected or err['msg']}, got {_describe(err['input'])}")


def _raw(data: Any, loc: Loc) -> Any:
    """The raw value at `loc`, or None."""
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _mapping_expected(model: type[BaseModel] | None) -> str:
    if model is None:
        return "a mapping"
    if issubclass(model, Item):
        return "text, or a mapping with text and level"
    required = [f"'{f.alias or k}'" for k, f in model.model_fields.items() if f.is_required()]
    return f"a mapping with {', '.join(required)}"


def _unknown_key(loc: Loc, root: type[BaseModel]) -> str:
    key = str(loc[-1])
    model = _model_at(loc[:-1], root) or root
    allowed = [f.alias or name for name, f in model.model_fields.items()]
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}?" if close else f"expected one of: {', '.join(allowed)}"
    return f"unknown key {key!r}; {hint}"


def _field(loc: Loc, root: type[BaseModel]) -> FieldInfo | None:
    """The field that the last key of `loc` names, if any."""
    keys = [i for i, part in enumerate(loc) if isinstance(part, str)]
    if not keys:
        return None
    model = _model_at(loc[: keys[-1]], root)
    return _field_named(model, str(loc[keys[-1]])) if model else None


def _field_named(model: type[BaseModel], key: str) -> FieldInfo | None:
    return next((f for n, f in model.model_fields.items() if (f.alias or n) == key), None)


def _model_at(loc: Loc, root: type[BaseModel]) -> type[BaseModel] | None:
    """The model class that validates the mapping found at `loc`."""
    model: type[BaseModel] | None = root
    for part in loc:
        if isinstance(part, str) and model is not None:
            field = _field_named(model, part)
            model = _inner_model(field.annotation) if field else None
    return model


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (list, Union, types.UnionType, Annotated):
        for arg in get_args(annotation):
            if (found := _inner_model(arg)) is not None:
                return found
    return None
