"""The PDF as a file: reproducible bytes, a valid structure, tags for screen readers, and the
PDF/A and PDF/UA variants declaring themselves."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from guide.pipeline.topics import source_epoch
from guide.source.model import Topic

CONTRACT = Path(__file__).resolve().parent / "contract"


def build_in_a_new_process(folder: Path, out: str, *args: str, env: dict | None = None) -> Path:
    code = "from guide.cli import main; main()"
    subprocess.run(
        [sys.executable, "-c", code, "build", "data/pact.yaml", "-o", out, *args],
        cwd=folder, check=True, capture_output=True, env={**os.environ, **(env or {})},
    )
    return folder / out / "pact-classroom.pdf"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(CONTRACT, tmp_path / "data")
    return tmp_path


def test_two_processes_write_identical_bytes(folder: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    first = build_in_a_new_process(folder, "one", env=env)
    # Another folder and working directory: paths must not leak into the bytes.
    other = folder.parent / "elsewhere"
    shutil.copytree(folder / "data", other / "data")
    second = build_in_a_new_process(other, "two", env=env)
    assert first.read_bytes() == second.read_bytes()


def test_source_date_epoch_is_honoured(folder: Path) -> None:
    path = build_in_a_new_process(folder, "dated", env={"SOURCE_DATE_EPOCH": "1700000000"})
    with pikepdf.open(path) as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20231114")


def test_without_it_the_date_comes_from_the_topic(folder: Path) -> None:
    (folder / "data" / "pact.yaml").write_text(
        (folder / "data" / "pact.yaml").read_text() + "as_of: 2021-03-04\n")
    path = build_in_a_new_process(folder, "asof", env={"SOURCE_DATE_EPOCH": ""})
    with pikepdf.open(path) as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20210304")


def test_sample_sheets_are_valid_and_tagged(sample_out: Path) -> None:
    for path in sample_out.glob("*.pdf"):
        with pikepdf.open(path) as pdf:
            assert pdf.check_pdf_syntax() == [], path.name
            assert pdf.Root.MarkInfo.Marked is True
            assert "/StructTreeRoot" in pdf.Root
            # Each sheet in its topic's language: csto.hi.yaml is the Hindi edition.
            assert str(pdf.Root.Lang) == ("hi" if ".hi-" in path.name else "en")


@pytest.mark.parametrize(
    ("variant", "key", "value"),
    [
        ("pdf/a-3b", "{http://www.aiim.org/pdfa/ns/id/}part", "3"),
        ("pdf/a-4u", "{http://www.aiim.org/pdfa/ns/id/}part", "4"),
        ("pdf/ua-1", "{http://www.aiim.org/pdfua/ns/id/}part", "1"),
        ("pdf/ua-2", "{http://www.aiim.org/pdfua/ns/id/}part", "2"),
    ],
)
def test_pdf_variants_declare_themselves(folder: Path, variant: str, key: str,
                                         value: str) -> None:
    path = build_in_a_new_process(folder, "v", "--pdf-variant", variant)
    with pikepdf.open(path) as pdf:
        assert pdf.check_pdf_syntax() == []
        with pdf.open_metadata() as meta:
            assert meta.get(key) == value


def test_an_unknown_variant_is_a_usage_error(folder: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from guide.cli import main; main()", "build", "data",
         "--pdf-variant", "pdf/z-9"], cwd=folder, capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "unknown PDF variant 'pdf/z-9'" in result.stderr


def _topic(**parts: object) -> Topic:
    return Topic.model_validate({"title": "T", "summary": ["x"], **parts})


def test_a_sheet_is_dated_by_the_first_date_it_has(monkeypatch: pytest.MonkeyPatch) -> None:
    """SOURCE_DATE_EPOCH, else as_of, else the latest event or source (a month or a year
    alone counts from its first day), else 1970."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    events = [{"date": "1992-05-15", "event": "a"}, {"date": "2002-10", "event": "b"}]
    sources = [{"title": "S", "date": "2024-02-23"}, {"title": "U"}]
    assert source_epoch(_topic()) == 0
    assert source_epoch(_topic(timeline=[{"date": "2004", "event": "a"}])) == 1072915200
    assert source_epoch(_topic(timeline=events)) == 1033430400  # 1 October 2002
    assert source_epoch(_topic(sources=sources)) == 1708646400  # 23 February 2024
    assert source_epoch(_topic(timeline=events, sources=sources)) == 1708646400
    dated = _topic(as_of="2025-11-27", timeline=events, sources=sources)
    assert source_epoch(dated) == 1764201600  # 27 November 2025, though a source is later
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert source_epoch(dated) == source_epoch(_topic()) == 1700000000
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")  # not a number: as if unset
    assert source_epoch(dated) == 1764201600
