"""The build cache's own bookkeeping: the package's files are hashed once, not per build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from guide.pipeline.cache import Cache
from guide.source.resources import BUILTIN_STYLES, Project


def test_package_files_are_hashed_once_then_by_their_stat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = Project(tmp_path)
    theme = tmp_path / "styles" / "themes" / "mine.css"
    theme.parent.mkdir(parents=True)
    theme.write_text(":root { --color-accent: #111111; }\n")
    cache = Cache(tmp_path / "cache", project)
    first = cache.key("<p>x</p>")
    cache.write("an entry", b"")  # the digests are kept with the first entry
    read: list[Path] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: (read.append(self), real(self))[1])
    assert Cache(tmp_path / "cache", project).key("<p>x</p>") == first
    assert not read  # 4.7 MB of fonts and every stylesheet: none read again
    theme.write_text(":root { --color-accent: #222222; }\n")
    os.utime(theme, ns=(1, 1))  # another modification time, as an edit gives
    again = Cache(tmp_path / "cache", project)
    assert again.key("<p>x</p>") != first
    assert read == [theme]  # only the file whose stat changed
    assert not any(path.is_relative_to(BUILTIN_STYLES) for path in read)
