"""Shared fixtures: the sample PDFs built once per session, and throwaway projects.

`make test` runs the suite on two workers (pytest-xdist, `--dist loadgroup`). Each worker
builds a session fixture for itself, and a module fixture for the tests of that module it
runs, so the tests are grouped: every test that reads the session's builds (SHARED) on one
worker, so that they are built once, and each other module's tests on one worker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from guide.api import build
from guide.content import lint
from guide.source.resources import Project

from samples import BUILTIN, PAPERS, TODAY

REPO = Path(__file__).resolve().parent.parent
SHARED = {"sheets", "sample_out"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        shared = SHARED & set(getattr(item, "fixturenames", ()))
        group = "shared-builds" if shared else item.module.__name__ if item.module else "-"
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session", autouse=True)
def fixed_today() -> Iterator[dt.date]:
    """Facts' ages counted to one fixed day in every test (a build warns about stale facts,
    and --strict fails on them), so that no test depends on the day it runs."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lint, "today", lambda: TODAY)
        yield TODAY


@pytest.fixture(scope="session")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """`data/` built strictly for every built-in audience on A4 and Letter, each sheet's HTML
    beside it: any print warning fails (not `guide check`'s: the summaries are long for
    large print)."""
    built = {}
    for paper in PAPERS:
        out = tmp_path_factory.mktemp(paper)
        report = build([REPO / "data"], BUILTIN, out, paper=paper, strict=True, html=True,
                       lint=False, cache=False, project=Project(REPO))
        assert report.ok, "\n".join(map(str, report.problems))
        built[paper] = out
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
