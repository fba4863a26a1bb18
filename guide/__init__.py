"""guide: printable study-guide fact sheets from YAML topics.

The Python API, for programs that write topics from their own data:

- `load_topic(path)` reads and validates one topic file (raises `GuideError`);
- `check(paths)` validates and lints topics, returning a `Report` of problems;
- `build(paths, audiences, out_dir)` prints fact sheets (or flashcards);
- `build_booklet(paths, name, audiences, out_dir)` prints one booklet of many topics;
- `build_web(paths, audiences, out_dir)` writes the topics as web pages.

Each returns or raises `Problem`s located by file, line and key path. They are imported
when first asked for, so that `guide --help`, and a worker importing one module of the
package, do not import the whole pipeline.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from guide.api import Report, build, build_booklet, build_web, check, load_topic
    from guide.errors import GuideError, Problem, Severity, UsageError

_ERRORS = {"GuideError", "Problem", "Severity", "UsageError"}

__all__ = [
    "GuideError",
    "Problem",
    "Report",
    "Severity",
    "UsageError",
    "build",
    "build_booklet",
    "build_web",
    "check",
    "load_topic",
]


def __getattr__(name: str) -> object:
    if name not in __all__:
        raise AttributeError(f"module 'guide' has no attribute {name!r}")
    return getattr(import_module("guide.errors" if name in _ERRORS else "guide.api"), name)
