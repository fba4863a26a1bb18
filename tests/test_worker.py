"""Limits and interruptions: a sheet that takes too long or too much memory fails alone,
and a build killed at any moment never leaves a broken PDF behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest

from guide.api import build
from guide.errors import GuideError, Problem
from guide.pipeline.worker import LimitExceeded, run_limited
from guide.source.config import Limits
from guide.source.resources import Project

CONTRACT = Path(__file__).resolve().parent / "contract"


def test_results_and_errors_come_back_from_the_worker() -> None:
    assert run_limited(sum, ([1, 2, 3],), Limits()) == 6
    with pytest.raises(GuideError) as caught:
        run_limited(_raise_guide_error, (), Limits())
    assert caught.value.problems == [Problem(Path("x.yaml"), "bad", 3)]


def _raise_guide_error() -> None:
    raise GuideError([Problem(Path("x.yaml"), "bad", 3)])


def test_too_long_is_stopped() -> None:
    started = time.monotonic()
    with pytest.raises(LimitExceeded, match=r"took longer than 0\.5 s"):
        run_limited(time.sleep, (30,), Limits(seconds=0.5))
    assert time.monotonic() - started < 5


def test_too_much_memory_is_stopped() -> None:
    with pytest.raises(LimitExceeded, match="memory"):
        run_limited(bytearray, (4 * 2**30,), Limits(memory_mb=1024))


def test_a_sheet_over_its_time_fails_alone(tmp_path: Path) -> None:
    shutil.copytree(CONTRACT, tmp_path / "data")
    report = build([tmp_path / "data"], ["classroom"], tmp_path / "out",
                   limits=Limits(seconds=0.01), project=Project(tmp_path))
    assert {p.name for p in report.failed} == {"pact.yaml", "treaty.yaml"}
    assert all("took longer than 0.01 s" in p.message for p in report.errors)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


# A build that stops itself in the middle of writing its `PAUSE`th PDF, once the bytes are
# written to the temporary file and before they are synced and put in place, and says so on
# stdout: the test kills it then, at a moment that is really during a write.
PAUSED_BUILD = """
import os, sys
from guide.cli import main

writes = 0
real_fsync = os.fsync


def fsync(fd):
    global writes
    writes += 1
    if writes == int(os.environ["PAUSE"]):
        print("writing", os.readlink(f"/proc/self/fd/{fd}"), flush=True)
        sys.stdin.read()  # until killed
    real_fsync(fd)


os.fsync = fsync
main()
"""


def test_a_build_killed_while_writing_leaves_no_broken_pdf(tmp_path: Path) -> None:
    shutil.copytree(CONTRACT, tmp_path / "data")
    project, out = Project(tmp_path), tmp_path / "out"
    first = build([tmp_path / "data"], ["classroom"], out, cache=False, project=project)
    assert first.ok and len(first.built) == 2, first.problems
    good = {path: path.read_bytes() for path in first.built}
    # Killed while writing the second PDF: the first is already in place, the second
    # still the earlier one, and the half-written bytes only in a hidden `.part` file.
    command = [sys.executable, "-c", PAUSED_BUILD, "build", "data", "--no-cache"]
    process = subprocess.Popen(command, cwd=tmp_path, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True, start_new_session=True,
                               env={**os.environ, "PAUSE": "2"})
    lines = process.stdout
    assert lines is not None
    try:  # the progress lines of the sheets built before it, then the pause
        said = next((line for line in lines if line.startswith("writing ")), "")
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
    assert said, "the build never reached its second write"
    part = Path(said.split(" ", 1)[1].strip())
    assert part.parent == out and part.name.startswith(".") and part.suffix == ".part"
    assert part.is_file() and part.read_bytes().startswith(b"%PDF")
    for path, data in good.items():
        assert path.read_bytes() == data and _complete(path), f"{path.name} is broken"
    # The next build writes the same sheets and clears what the killed one left.
    again = build([tmp_path / "data"], ["classroom"], out, cache=False, project=project)
    assert again.ok and sorted(p.name for p in out.iterdir()) == sorted(p.name for p in good)
    assert all(path.read_bytes() == data for path, data in good.items())


def _complete(path: Path) -> bool:
    with pikepdf.open(path) as pdf:
        return pdf.check_pdf_syntax() == [] and len(pdf.pages) > 0
