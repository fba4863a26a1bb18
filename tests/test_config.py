"""guide.yaml: parsed once for each content it has, wherever a command asks for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.errors import GuideError
from guide.source.config import load_config
from guide.source.resources import Project


def test_one_content_is_parsed_once_and_an_edit_is_seen(tmp_path: Path) -> None:
    (tmp_path / "guide.yaml").write_text("default_audiences: [teacher]\n")
    first = load_config(Project(tmp_path))
    assert load_config(Project(tmp_path)) is first
    assert first.default_audiences == ["teacher"]
    (tmp_path / "guide.yaml").write_text("default_audiences: [worksheet]\n")
    assert load_config(Project(tmp_path)).default_audiences == ["worksheet"]


def test_a_broken_file_is_reported_each_time_it_is_read(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "guide.yaml").write_text("check:\n  stale_months: 0\n")
    for _ in range(2):
        with pytest.raises(GuideError) as raised:
            load_config(Project(tmp_path))
        assert [str(p) for p in raised.value.problems] == [
            "guide.yaml:2:3: check.stale_months: expected facts older than this are stale, "
            "got '0'"]
