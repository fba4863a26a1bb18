"""Audiences: how a topic is printed (level, variant, parts, paper, theme), from their files."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from guide.errors import GuideError, Problem, UsageError, display_path
from guide.source.load import load_document
from guide.source.model import Lang, Level, validation_problems
from guide.source.paper import CHOOSABLE, PAPERS
from guide.source.resources import Project

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
