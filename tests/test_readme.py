"""The README's Python example, run as written: it prints what its comments promise."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def example() -> str:
    """The first Python block under the README's "From Python" heading."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## From Python\n", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S)[1]


def test_the_python_example_prints_the_check_warnings_then_the_pdfs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)  # conftest fixes the day facts' ages are counted to
    exec(compile(example(), "README.md", "exec"), {})
    assert capsys.readouterr().out.splitlines() == [
        "data/rome.yaml:2:1: warning: as_of: facts last checked 20 months ago "
        "(25 March 2025); check them again (the limit, 12 months, is check.stale_months in "
        "guide.yaml)",
        "data/rome.yaml:1:1: warning: no sources: say where the facts come from",
        "out/rome-classroom.pdf out/rome-worksheet.pdf out/term-classroom.pdf",
    ]
    assert all((tmp_path / "out" / name).stat().st_size > 1000
               for name in ("rome-classroom.pdf", "rome-worksheet.pdf", "term-classroom.pdf"))
