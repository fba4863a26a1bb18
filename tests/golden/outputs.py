"""The sample outputs whose bytes are kept, and how they are made: `make golden` writes
their SHA-256 digests to digests.json after a change meant to alter them (say why in the
commit); tests/test_golden.py fails on any other change."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

from guide.api import build, build_booklet
from guide.source.resources import Project

HERE = Path(__file__).parent
DIGESTS = HERE / "digests.json"
AUDIENCES = ["classroom", "teacher", "worksheet", "dyslexia-friendly", "large-print"]


def make(root: Path, today: dt.date) -> dict[str, str]:
    """Build the kept outputs of the sample project copied at `root`: their digests by name."""
    project, out = Project(root), root / "out"
    data = [root / "data"]
    build(data, AUDIENCES, out, project=project, cache=False, today=today)
    build(data, ["classroom"], out, project=project, cache=False, flashcards=True, today=today)
    build_booklet(data, "sample", ["classroom"], out, project=project, cache=False,
                  duplex=True, title="International organisations", today=today)
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.glob("*.pdf"))}


if __name__ == "__main__":
    import tempfile

    sys.path.insert(0, str(HERE.parent))
    from samples import TODAY, copy_samples

    with tempfile.TemporaryDirectory() as scratch:
        copy_samples(Path(scratch))
        DIGESTS.write_text(json.dumps(make(Path(scratch), TODAY), indent=2) + "\n")
    print(f"wrote {DIGESTS}")
