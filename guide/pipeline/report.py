"""What a build or check did, for the command line and the API to report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from guide.errors import Problem, Severity

if TYPE_CHECKING:
    from guide.pipeline.plan import Plan


@dataclass
class Report:
    """What a build or check did: files laid out, files taken from the cache, topics that
    failed, every problem found, and the time it took; for a dry run, its plan."""

    built: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failed: list[Path] = field(default_factory=list)
    cached: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    plan: Plan | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors
