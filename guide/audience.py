"""Stage 3, select: audiences (how a topic is printed) and the view of a topic one audience sees."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from guide.errors import GuideError, Problem, UsageError, display_path
from guide.load import load_document
from guide.model import Lang, Level, Point, Topic, validation_problems
from guide.paper import CHOOSABLE, PAPERS
from guide.resources import Project

if TYPE_CHECKING:
    from guide.practice import PracticeItem

PAPER_NAMES = {name.casefold(): name for name in CHOOSABLE}  # `letter` means `Letter`
Part = Literal[
    "news", "summary", "facts", "sections", "timeline", "comparison", "questions", "practice",
    "sources",
]


def normalise_paper(value: Any) -> Any:
    """`letter` and `LETTER` both mean `Letter`."""
    return PAPER_NAMES.get(value.casefold(), value) if isinstance(value, str) else value


Paper = Annotated[Literal[CHOOSABLE], BeforeValidator(normalise_paper)]  # type: ignore[valid-type]
# The page margins of styles/base.css (--page-margin: top, right, bottom, left), in mm.
BASE_MARGINS_MM = (20.0, 17.0, 19.0, 17.0)


class AudienceFile(BaseModel):
    """One `styles/audiences/<name>.yaml`; every key optional, missing ones come from `default`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str | None = None
    theme: str | None = Field(None, pattern=r"^[A-Za-z0-9_-]+$", description="a theme name")
    paper: Paper | None = None
    orientation: Literal["portrait", "landscape"] | None = None
    variant: Literal["student", "teacher", "none"] | None = None
    level: Level | None = None
    font_size: str | None = Field(
        None, pattern=r"^\d+(\.\d+)?(pt|px|mm)$", description="a size such as 11pt"
    )
    measure: float | None = Field(
        None, ge=20, le=60, description="running text's longest line, in ems of the text"
    )
    sections: list[Part] | None = None
    header: str | None = None
    mark: str | None = None
    pages: Annotated[int, Field(ge=1)] | None = None
    fit: bool | None = None
    practice: Annotated[int, Field(ge=0, le=100)] | None = None
    worksheet: bool | None = None
    qr_codes: bool | None = None
    timeline: Literal["table", "chart", "both"] | None = None
    comparison_chart: bool | None = None
    comparison_layout: Literal["table", "stacked"] | None = None
    bilingual: Lang | None = None
    css: str | None = None


@dataclass(frozen=True)
class Audience:
    """A fully resolved audience: the file's keys over the built-in default."""

    name: str
    origin: Path
    description: str
    theme: str
    paper: str
    orientation: str
    variant: str
    level: int
    font_size: str
    measure: float
    sections: tuple[str, ...]
    header: str | None
    mark: str | None
    pages: int | None
    fit: bool
    practice: int
    worksheet: bool
    qr_codes: bool
    timeline: str
    comparison_chart: bool
    comparison_layout: str
    bilingual: str | None
    css: Path | None
    gutter_mm: float = 0.0  # a bound booklet's binding allowance, taken from the text width
    paper_given: str | None = None  # a paper chosen over the audience's own (--paper)

    @property
    def paper_mm(self) -> tuple[float, float]:
        """The paper's width and height in mm, turned as the audience prints."""
        width, height = PAPERS[self.paper].width_mm, PAPERS[self.paper].height_mm
        return (height, width) if self.orientation == "landscape" else (width, height)

    @property
    def text_area_mm(self) -> tuple[float, float]:
        """About how wide and tall the text may run: the paper less the base margins (a
        theme may change them a little)."""
        top, right, bottom, left = BASE_MARGINS_MM
        width, height = self.paper_mm
        return width - left - right - self.gutter_mm, height - top - bottom

    @property
    def font_points(self) -> float:
        """The text size as a number, read as points (`11pt`; px and mm are near enough)."""
        return float(re.match(r"[\d.]+", self.font_size)[0])

    def with_paper(self, paper: str | None) -> Audience:
        """The audience on `paper` (None, or its own: unchanged)."""
        if paper is None or normalise_paper(paper) == self.paper:
            return self
        return replace(self, paper=normalise_paper(paper), paper_given=normalise_paper(paper))

    def file_stem(self, name: str, kind: str = "") -> str:
        """`<name>-<audience>[-<kind>]`, and `-letter` (say) on a paper chosen over the
        audience's own, so that a sheet on another paper never replaces its own file."""
        parts = [name, self.name, kind, (self.paper_given or "").lower()]
        return "-".join(part for part in parts if part)


def _read(path: Path) -> AudienceFile:
    doc = load_document(path)
    try:
        return AudienceFile.model_validate(doc.data)
    except ValidationError as exc:
        raise GuideError(validation_problems(doc, exc, AudienceFile)) from None


def audience_files(project: Project) -> dict[str, Path]:
    """Every known audience by name; a project's own files replace built-ins of the same name."""
    found: dict[str, Path] = {}
    for folder in (project.builtin_styles / "audiences", project.styles / "audiences"):
        if folder.is_dir():
            found.update({p.stem: p for p in sorted(folder.glob("*.yaml"))})
    return found


def load_audience(name: str, project: Project) -> Audience:
    """Resolve one audience by name, raising UsageError for an unknown one."""
    files = audience_files(project)
    if name not in files:
        close = difflib.get_close_matches(name, files, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(sorted(files))}"
        raise UsageError([Problem(None, f"unknown audience {name!r}; {hint}")])
    default = _read(project.builtin_styles / "audiences" / "default.yaml")
    own = _read(files[name])
    keys = {**default.model_dump(), **own.model_dump(exclude_unset=True)}
    css = Path(files[name].parent, keys["css"]).resolve() if own.css else None
    if css is not None and not css.is_file():
        raise GuideError([Problem(files[name], f"css: no such file {display_path(css)}")])
    optional = {"header", "mark", "pages", "css", "bilingual"}
    missing = [k for k, v in keys.items() if v is None and k not in optional]
    if missing:
        raise GuideError([Problem(files[name], f"the default audience lacks {missing}")])
    keys["sections"] = tuple(keys["sections"])
    keys["description"] = keys["description"] or ""
    keys["css"] = css
    return Audience(name=name, origin=files[name], **keys)


@dataclass
class ComparisonTable:
    title: str | None  # None: "<this> and <other> compared", in the topic's language
    this_name: str
    other_name: str
    rows: list[tuple[str, str, str]]
    this_colour: str | None = None  # the colours the topics pin for charts
    other_colour: str | None = None


@dataclass
class View:
    """What one audience sees of one topic: items above its level and unchosen parts removed."""

    topic: Topic
    audience: Audience
    parts: list[str]
    comparison: ComparisonTable | None = None
    answers_inline: bool = False
    answer_key: bool = False
    practice: list[PracticeItem] = field(default_factory=list)


def select(topic: Topic, audience: Audience, other: Topic | None = None) -> View:
    """Filter `topic` for `audience`; `other` is the topic its comparison names."""
    level = audience.level

    def keep(items: list[Any]) -> list[Any]:
        return [i for i in items if i.level <= level]

    def prune(points: list[Point]) -> list[Point]:
        return [p.model_copy(update={"points": prune(p.points)}) for p in keep(points)]

    visible = topic.model_copy(
        update={
            "summary": keep(topic.summary),
            "facts": [f.model_copy(update={"value": keep(f.value)}) for f in keep(topic.facts)],
            "sections": [
                s.model_copy(update={"points": prune(s.points)}) for s in keep(topic.sections)
            ],
            "timeline": sorted(keep(topic.timeline), key=lambda e: e.date.sort_key),
            "questions": keep(topic.questions) if audience.variant != "none" else [],
        }
    )
    table = None
    if topic.comparison is not None and other is not None:
        table = compare(topic, other, level)
    practice = []
    if audience.practice and audience.variant != "none":
        from guide.practice import can_generate, generate  # only for audiences that print it

        if can_generate(topic):
            practice = [item.finished(topic.lang) for item in generate(
                topic, other, exclude=topic.practice.exclude, limit=audience.practice)]
    present = {
        "news": bool(visible.in_the_news),
        "summary": bool(visible.summary),
        "facts": bool(visible.facts),
        "sections": bool(visible.sections),
        "timeline": bool(visible.timeline),
        "comparison": table is not None and bool(table.rows),
        "questions": bool(visible.questions),
        "practice": bool(practice),
        "sources": bool(visible.sources),
    }
    parts = [p for p in audience.sections if present[p]]
    return View(
        topic=visible,
        audience=audience,
        parts=parts,
        comparison=table,
        answers_inline=audience.variant == "teacher",
        answer_key=audience.variant == "student" and bool({"questions", "practice"} & {*parts}),
        practice=practice if "practice" in parts else [],
    )


MISSING = "\u2014"


def compare(topic: Topic, other: Topic, level: int = 3) -> ComparisonTable:
    """The comparison table: fact aspects looked up in both topics, then hand-written rows.

    Aspects are named explicitly, so they are looked up whatever their facts' level.
    """
    spec = topic.comparison
    assert spec is not None
    rows: list[tuple[str, str, str]] = []
    for aspect in spec.aspects:
        mine, theirs = topic.fact(aspect), other.fact(aspect)
        rows.append(
            (aspect, mine.text if mine else MISSING, theirs.text if theirs else MISSING)
        )
    rows += [(r.aspect, r.this, r.other) for r in spec.rows if r.level <= level]
    return ComparisonTable(spec.title, topic.name, other.name, rows, topic.colour,
                           other.colour)
