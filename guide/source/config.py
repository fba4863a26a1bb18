"""`guide.yaml` at the project root: project-wide settings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from guide.errors import GuideError
from guide.source.load import parse_document, read_bytes
from guide.source.model import validation_problems
from guide.source.resources import Project


@dataclass(frozen=True)
class Limits:
    """How long one sheet may take and how much memory its process may map."""

    seconds: float = 120.0
    memory_mb: int = 3072


class LimitsConfig(BaseModel):
    """How long one sheet may take to lay out, and how much memory it may use."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    seconds: float = Field(120.0, gt=0)
    memory_mb: int = Field(3072, ge=256)

    def limits(self) -> Limits:
        return Limits(self.seconds, self.memory_mb)


class BookletConfig(BaseModel):
    """A booklet's cover, what a school prints on its own: all optional, and `--title`,
    `--school`... given to `guide build` win over them."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    title: str | None = None
    subtitle: str | None = None
    school: str | None = None
    subject: str | None = None
    class_name: str | None = Field(None, alias="class")
    date: str | None = None
    logo: str | None = Field(None, description="an image under styles/, relative to guide.yaml")
    gutter: float | None = Field(None, ge=0, le=30,
                                 description="the binding allowance in mm, such as 8")


class CheckConfig(BaseModel):
    """What `guide check` warns about."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    stale_months: int = Field(12, ge=1, description="facts older than this are stale")


class Config(BaseModel):
    """The keys of `guide.yaml`; all optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    default_audiences: list[str] = ["classroom"]
    order: list[str] = []
    booklet: BookletConfig = BookletConfig()
    limits: LimitsConfig = LimitsConfig()
    check: CheckConfig = CheckConfig()
    cache: str | None = Field(
        None, min_length=1,
        description="a folder (relative to guide.yaml) or an fsspec URL, such as "
        "s3://bucket/guide-cache, to cache printed sheets in (default: .guide-cache)")
    executor: str | None = Field(
        None, pattern=r"^(local|tcp://\S+|tls://\S+)$",
        description="local (lay sheets out on this machine's cores, the default) or a Dask "
        "scheduler's address, tcp://HOST:PORT, to lay them out on its workers")


def load_config(project: Project) -> Config:
    """The project's settings, or the defaults where there is no `guide.yaml`: parsed once
    for each content the file has, however many parts of a command ask (the preview sees an
    edit at once)."""
    if not project.config.is_file():
        return Config()
    return _parsed(read_bytes(project.config), project.config)


@lru_cache(maxsize=8)
def _parsed(raw: bytes, path: Path) -> Config:
    """`guide.yaml`'s settings from its bytes (a broken file raises anew each time)."""
    doc = parse_document(raw, path)
    try:
        return Config.model_validate(doc.data)
    except ValidationError as exc:
        raise GuideError(validation_problems(doc, exc, Config)) from None
