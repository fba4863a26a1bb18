"""guide: printable study-guide fact sheets from YAML topics.

The Python API, for programs that write topics from their own data:

- `load_topic(path)` reads and validates one topic file (raises `GuideError`);
- `check(paths)` validates and lints topics, returning a `Report` of problems;
- `build(paths, audiences, out_dir)` prints fact sheets (or flashcards);
- `build_booklet(paths, name, audiences, out_dir)` prints one booklet of many topics.

Each returns or raises `Problem`s located by file, line and key path.
"""

from guide.api import Report, build, build_booklet, check, load_topic
from guide.errors import GuideError, Problem, Severity, UsageError

__all__ = [
    "GuideError",
    "Problem",
    "Report",
    "Severity",
    "UsageError",
    "build",
    "build_booklet",
    "check",
    "load_topic",
]
