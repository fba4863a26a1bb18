"""Limits and interruptions: a sheet that takes too long or too much memory fails alone,
and a build killed at any moment never leaves a broken PDF behind."""

from __future__ import annotations

import os
import random
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
from guide.pipeline.worker import LimitExceeded, Limits, run_limited
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


def test_killing_a_build_at_random_moments_never_leaves_a_broken_pdf(tmp_path: Path) -> None:
    shutil.copytree(CONTRACT, tmp_path / "data")
    command = [sys.executable, "-c", "from guide.cli import main; main()", "build", "data",
               "--no-cache"]
    subprocess.run(command, cwd=tmp_path, check=True, capture_output=True)
    outputs = sorted((tmp_path / "out").glob("*.pdf"))
    good = {path: path.read_bytes() for path in outputs}
    chance = random.Random(20261129)
    for _ in range(6):
        process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(chance.uniform(0.2, 3.0))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        for path in outputs:
            data = path.read_bytes()
            assert data == good[path] or _complete(path), f"{path.name} is broken"
    assert len(list((tmp_path / "out").iterdir())) <= len(outputs) * 2


def _complete(path: Path) -> bool:
    with pikepdf.open(path) as pdf:
        return pdf.check_pdf_syntax() == [] and len(pdf.pages) > 0
