"""Problems found in user input: where and what, and the error that carries them all."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # what guide did that the author should know; never fails a build


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we know."""

    file: Path | None
    message: str
    line: int | None = None
    column: int | None = None
    path: str = ""
    severity: Severity = Severity.ERROR
    source: str | None = None  # the line as written, shown with a caret under `column`

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = display_path(self.file)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        kind = "" if self.severity is Severity.ERROR else f"{self.severity}: "
        key = f"{self.path}: " if self.path else ""
        shown = f"{where}{kind}{key}{self.message}"
        if self.source is None:
            return shown
        # Tabs copied into the caret's line keep it under its character on any terminal.
        before = self.source[: (self.column or 1) - 1]
        caret = "".join(c if c == "\t" else " " for c in before) + "^"
        return f"{shown}\n    {self.source}\n    {caret}"


class GuideError(Exception):
    """Raised with every problem of an input at once; never shown as a traceback."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def __reduce__(self) -> tuple:
        # Pickled whole, so that a worker process can send it back to the parent.
        return (type(self), (self.problems,))


class UsageError(GuideError):
    """The command was asked for something that does not exist (exit status 2)."""


def as_errors(problems: list[Problem]) -> list[Problem]:
    """The same problems as errors: what --strict makes of warnings."""
    return [replace(p, severity=Severity.ERROR) for p in problems]


def display_path(path: Path) -> str:
    """The path relative to the working folder when it is inside it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def format_key_path(loc: tuple[str | int, ...]) -> str:
    """`("timeline", 3, "date")` -> `timeline[3].date`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
