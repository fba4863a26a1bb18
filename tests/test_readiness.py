"""The print-readiness report finds each print problem on the page it happens, and --strict
fails the sheet without writing it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from guide.api import load_topic
from guide.cli import main
from guide.content.view import select
from guide.press.pdf import lay_out
from guide.press.readiness import inspect
from guide.render.page import render_html
from guide.source.audience import load_audience
from guide.source.resources import Project

from test_layout import long_topic

OTHER = "title: Other\nshort_name: OT\nsummary: [x]\n"


def findings(tmp_path: Path, css: str, topic: dict | None = None) -> list[str]:
    """The report for the long topic printed with `css` applied last."""
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "long.yaml").write_text(yaml.safe_dump(topic or long_topic()))
    (tmp_path / "data" / "other.yaml").write_text(OTHER)
    audiences = tmp_path / "styles" / "audiences"
    audiences.mkdir(parents=True, exist_ok=True)
    (audiences / "probe.yaml").write_text("css: probe.css\n")
    (audiences / "probe.css").write_text(css)
    project = Project(tmp_path)
    view = select(load_topic(tmp_path / "data" / "long.yaml"), load_audience("probe", project),
                  load_topic(tmp_path / "data" / "other.yaml"))
    return [str(f) for f in inspect(lay_out(render_html(view, project, "long"), project))]


def test_a_well_set_sheet_has_nothing_to_report(tmp_path: Path) -> None:
    # Running text kept to the measure; the long news may then break across pages.
    well_set = "p, li { max-width: 32em; } .news { break-inside: auto !important; }"
    assert findings(tmp_path, well_set) == []


def test_split_rows_are_found(tmp_path: Path) -> None:
    found = findings(tmp_path, "tr { break-inside: auto !important; }")
    assert any("a table row continues from the page before" in f for f in found), found
    assert all(f.startswith("page ") for f in found)


def test_lonely_headings_are_found(tmp_path: Path) -> None:
    css = "h1, h2, h3 { break-after: auto !important; } section > h2 + * { break-before: auto; }"
    found = findings(tmp_path, css)
    assert any("is left alone at the foot" in f and "Section" in f for f in found), found


def test_a_box_running_into_the_footer_is_found(tmp_path: Path) -> None:
    css = ".summary { height: 262mm; break-inside: avoid !important; }"  # taller than A4's area
    found = findings(tmp_path, css)
    assert any("the box around 'Summary" in f and "mm into the footer" in f for f in found), found


def test_overflow_is_found(tmp_path: Path) -> None:
    topic = {**long_topic(), "subtitle": "x" * 400}
    found = findings(tmp_path, ".subtitle { overflow-wrap: normal; hyphens: manual; }", topic)
    assert any(f.startswith("page 1: text or a box runs off the page") for f in found), found


def test_strict_fails_the_sheet_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "t.yaml").write_text(  # finished (dated, sourced): only print fails it
        "title: T\nsummary: [x]\nsubtitle: " + "y" * 300
        + "\nas_of: 2026-11-01\nsources: [{title: S}]\n")
    (tmp_path / "styles" / "audiences").mkdir(parents=True)
    (tmp_path / "styles" / "audiences" / "tight.yaml").write_text(
        "css: tight.css\npages: 1\n")
    (tmp_path / "styles" / "audiences" / "tight.css").write_text(
        ".subtitle { overflow-wrap: normal; hyphens: manual; }")
    loose = CliRunner().invoke(main, ["build", "-a", "tight"])
    assert loose.exit_code == 0
    assert "warning: tight: page 1: text or a box runs off the page" in loose.stderr
    (tmp_path / "out" / "t-tight.pdf").unlink()
    strict = CliRunner().invoke(main, ["build", "-a", "tight", "--strict"])
    assert strict.exit_code == 1
    assert "t.yaml: tight: page 1: text or a box runs off the page" in strict.stderr
    assert "warning" not in strict.stderr
    assert not (tmp_path / "out" / "t-tight.pdf").exists()


def test_a_sheet_over_its_audiences_page_budget_is_said_and_strict_fails_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "t.yaml").write_text(  # finished, and two pages of sections
        "title: T\nsummary: [x]\nas_of: 2026-11-01\nsources: [{title: S}]\nsections:\n"
        + "".join(f"  - heading: Part {i}\n    text: {'Words to fill a page. ' * 40}\n"
                  for i in range(6)))
    (tmp_path / "styles" / "audiences").mkdir(parents=True)
    (tmp_path / "styles" / "audiences" / "brief.yaml").write_text("pages: 1\n")
    loose = CliRunner().invoke(main, ["build", "-a", "brief"])
    pages = len(PdfReader(tmp_path / "out" / "t-brief.pdf").pages)
    assert loose.exit_code == 0 and pages >= 2
    assert (f"data/t.yaml: warning: brief: {pages} pages, over the audience's budget of 1"
            in loose.stderr.splitlines())
    (tmp_path / "out" / "t-brief.pdf").unlink()
    strict = CliRunner().invoke(main, ["build", "-a", "brief", "--strict"])
    assert strict.exit_code == 1
    assert f"data/t.yaml: brief: {pages} pages, over the audience's budget of 1" in strict.stderr
    assert not (tmp_path / "out" / "t-brief.pdf").exists()
