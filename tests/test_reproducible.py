"""The same topics give the same bytes: sheets, flashcards, booklets and imposed booklets
built by two processes with different hash seeds (Python's set and dict-of-str order), in
two different folders (no path leaks into a file)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from samples import copy_samples

# Everything built in one process: the imposed booklet (2up on A4 of A5 pages) takes the
# booklet's parts from the cache, as a user's second build would.
BUILD = """
from pathlib import Path
from guide.api import build_booklet
from guide.api import build
from guide.source.resources import Project

project = Project(Path.cwd())
topics = [Path("data/csto.hi.yaml")]  # Latin and Devanagari fonts, a chart
reports = [
    build(topics, ["classroom"], "out", project=project),
    build(topics, ["classroom"], "out", flashcards=True, project=project),
    build_booklet(topics, "booklet", ["classroom"], "out", paper="A5", project=project),
    build_booklet(topics, "imposed", ["classroom"], "out", paper="A5", impose="2up",
                  project=project),
]
assert all(report.ok and not report.failed for report in reports), reports
"""


def test_two_processes_with_other_hash_seeds_write_the_same_bytes(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    runs = []
    for seed in ("1", "2"):
        folder = tmp_path / f"seed{seed}"
        copy_samples(folder)
        runs.append(subprocess.Popen([sys.executable, "-c", BUILD], cwd=folder,
                                     env={**env, "PYTHONHASHSEED": seed},
                                     stderr=subprocess.PIPE, text=True))
    for run in runs:
        _, errors = run.communicate(timeout=600)
        assert run.returncode == 0, errors
    first, second = (sorted((tmp_path / f"seed{s}" / "out").glob("*.pdf")) for s in "12")
    assert [p.name for p in first] == [p.name for p in second]
    assert [p.name for p in first] == [
        "booklet-classroom-a5.pdf", "csto.hi-classroom-flashcards.pdf", "csto.hi-classroom.pdf",
        "imposed-classroom-a5.pdf"]
    assert [p.name for p, q in zip(first, second, strict=True)
            if p.read_bytes() != q.read_bytes()] == []
