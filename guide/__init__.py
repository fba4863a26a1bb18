"""guide: printable study-guide fact sheets from YAML topics.

The Python API: `load_topic` reads one topic, `check` validates topics, `build` prints them.
"""

from guide.build import Report, build, check, load_topic
from guide.errors import GuideError, Problem, Severity, UsageError

__all__ = [
    "GuideError",
    "Problem",
    "Report",
    "Severity",
    "UsageError",
    "build",
    "check",
    "load_topic",
]
