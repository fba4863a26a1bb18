"""Shared fixtures: the sample PDFs built once per run, and throwaway projects.

`make test` runs the suite on two workers (pytest-xdist, `--dist loadfile`: a module's tests
on one worker, so that its module fixtures are built once). The sample sheets, which tests
of many modules read, are built once for both workers: the first to need them builds them
under a lock in the run's shared temporary folder, the other waits and reads them."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from guide.api import build
from guide.content import lint
from guide.pipeline import press_server
from guide.source.resources import Project

from samples import BUILTIN, PAPERS, TODAY

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def fixed_today() -> Iterator[dt.date]:
    """Facts' ages counted to one fixed day in every test (a build warns about stale facts,
    and --strict fails on them), so that no test depends on the day it runs."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lint, "today", lambda: TODAY)
        yield TODAY


@pytest.fixture(scope="session", autouse=True)
def workers_forked_here() -> Iterator[None]:
    """`guide build` run in the test process forks its workers from it, as the API does,
    whichever test ran first: the press server stays out (tests/test_press_server.py starts
    it in processes of its own)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(press_server, "start", lambda warm=False: None)
        yield


@pytest.fixture(scope="session")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """`data/` built strictly for every built-in audience on A4 and Letter, each sheet's HTML
    beside it: any print warning fails (not `guide check`'s: the summaries are long for
    large print)."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    built = {paper: shared / "sheets" / paper for paper in PAPERS}
    with (shared / "sheets.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / "sheets" / "done"
        if not done.exists():
            for paper, out in built.items():
                report = build([REPO / "data"], BUILTIN, out, paper=paper, strict=True,
                               html=True, lint=False, cache=False, project=Project(REPO))
                assert report.ok, "\n".join(map(str, report.problems))
            done.touch()
    return built


@pytest.fixture(scope="session")
def sample_out(sheets: dict[str, Path]) -> Path:
    """`data/` built for the classroom audience on its own paper, with HTML: the A4 sheets of
    `sheets` (the same bytes as a build of classroom alone), not built a second time."""
    return sheets["A4"]


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[[dict[str, str]], Project]:
    """Write a dict of relative paths to texts under tmp_path and return that project."""

    def make(files: dict[str, str]) -> Project:
        for name, text in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return Project(tmp_path)

    return make
