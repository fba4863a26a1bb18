"""Outputs are written atomically: a failed write never leaves half a file or clobbers one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from guide.press.pdf import write_atomic


def test_write_replaces_the_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "sheet.pdf"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in target.parent.iterdir()] == ["sheet.pdf"]


def test_written_files_get_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "sheet.pdf", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "sheet.pdf").stat().st_mode & 0o777 == 0o644


def test_a_failed_write_keeps_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "sheet.pdf"
    target.write_bytes(b"good old pdf")

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"good old pdf"
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.pdf"]
