"""`guide watch`: one build, then a rebuild of just what each saved change affects; a
broken file is reported and watching goes on."""

from __future__ import annotations

import queue
import shutil
import threading
from pathlib import Path

from guide.api import Report
from guide.errors import GuideError
from guide.source.resources import Project
from guide.studio.watch import watch

CONTRACT = Path(__file__).resolve().parent / "contract"


def test_watch_rebuilds_what_a_change_affects_and_survives_a_broken_file(
    tmp_path: Path,
) -> None:
    shutil.copytree(CONTRACT, tmp_path / "data")
    results: queue.Queue[tuple[Report | GuideError, list[Path]]] = queue.Queue()
    stop = threading.Event()
    watcher = threading.Thread(
        target=watch, args=([tmp_path / "data"], ["classroom"], tmp_path / "out",
                            lambda result, changed: results.put((result, changed))),
        kwargs={"project": Project(tmp_path), "stop": stop}, daemon=True)
    watcher.start()
    try:
        first, _ = results.get(timeout=120)
        assert isinstance(first, Report)
        assert sorted(p.name for p in first.built) == ["pact-classroom.pdf",
                                                         "treaty-classroom.pdf"]

        pact = tmp_path / "data" / "pact.yaml"
        pact.write_text(pact.read_text().replace("value: 1975", "value: 1976"))
        edited, changed = results.get(timeout=60)
        assert changed == [pact] and isinstance(edited, Report)
        # The treaty compares itself with the pact, so it is laid out again too.
        assert sorted(p.name for p in edited.built) == ["pact-classroom.pdf",
                                                          "treaty-classroom.pdf"]

        treaty = tmp_path / "data" / "treaty.yaml"
        text = treaty.read_text()
        treaty.write_text(text.replace("title:", "tittle:", 1))
        broken, _ = results.get(timeout=60)
        assert isinstance(broken, Report) and broken.failed == [treaty]
        assert any("tittle" in str(p) for p in broken.problems)

        treaty.write_text(text)
        fixed, _ = results.get(timeout=60)
        assert isinstance(fixed, Report) and fixed.ok and not fixed.failed
        # Back as it was after the pact's edit: that sheet comes from the cache.
        assert "treaty-classroom.pdf" in [p.name for p in fixed.cached]
    finally:
        stop.set()
        watcher.join(timeout=10)
    assert not watcher.is_alive()


def test_watch_reports_a_broken_guide_yaml_and_builds_once_it_is_mended(
    tmp_path: Path,
) -> None:
    (tmp_path / "data").mkdir()
    shutil.copy(CONTRACT / "pact.yaml", tmp_path / "data")
    config = tmp_path / "guide.yaml"
    config.write_text("default_audiences: [teacher\n")
    results: queue.Queue[tuple[Report | GuideError, list[Path]]] = queue.Queue()
    stop = threading.Event()
    watcher = threading.Thread(
        target=watch, args=([tmp_path / "data"], None, tmp_path / "out",
                            lambda result, changed: results.put((result, changed))),
        kwargs={"project": Project(tmp_path), "stop": stop}, daemon=True)
    watcher.start()
    try:
        broken, _ = results.get(timeout=60)
        assert isinstance(broken, GuideError)
        assert str(broken.problems[0]).startswith(
            f"{config}:1:20: YAML syntax: the `[` opened here")
        assert not (tmp_path / "out").exists()

        config.write_text("default_audiences: [teacher]\n")
        mended, changed = results.get(timeout=60)
        assert changed == [config] and isinstance(mended, Report), mended
        assert [p.name for p in mended.built] == ["pact-teacher.pdf"]
    finally:
        stop.set()
        watcher.join(timeout=10)
    assert not watcher.is_alive()
