"""Comparison at a glance: numbers and years found in compared facts, drawn as small charts
whose bars and dots stand where the values say; printed under the comparison table."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from guide.audience import ComparisonTable, compare
from guide.build import build, load_topic
from guide.comparison_chart import comparison_chart, measures
from guide.resources import Project

REPO = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"


def table(*rows: tuple[str, str, str]) -> ComparisonTable:
    return ComparisonTable("A and B compared", "A", "B", list(rows))


def test_numbers_and_years_are_found_and_the_rest_left_out() -> None:
    found = measures(compare(load_topic(REPO / "data" / "csto.yaml"),
                             load_topic(REPO / "data" / "nato.yaml")))
    assert [(m.aspect, m.this, m.other, m.years) for m in found] == [
        ("Established", 2002, 1949, True), ("Member count", 6, 32, False)]
    assert measures(table(("Signed", "15 May 1992", "1949"), ("Seat", "Paris", "Rome"))) == []


def test_bars_are_proportional_and_years_in_order() -> None:
    chart = comparison_chart(table(("Members", "8", "32"), ("Founded", "1990", "1950")))
    svgs = ET.fromstring(f"<div>{chart}</div>")
    bars, years = list(svgs)
    widths = [float(r.get("width")) for r in bars.iter(f"{SVG}rect")]
    assert widths[1] / widths[0] == pytest.approx(32 / 8, rel=0.01)
    dots = [float(c.get("cx")) for c in years.iter(f"{SVG}circle")]
    assert dots[0] > dots[1]  # A (1990) to the right of B (1950)
    labels = "".join(years.itertext())
    assert "1990" in labels and "1,990" not in labels


def test_text_is_escaped() -> None:
    chart = comparison_chart(ComparisonTable("t", "<b>&", "B", [("<i>x", "3", "4")]))
    assert "<b>" not in chart and "<i>" not in chart and "&amp;" in chart
    ET.fromstring(f"<div>{chart}</div>")


def test_the_csto_sheet_shows_them_under_the_table(tmp_path: Path) -> None:
    report = build([REPO / "data" / "csto.yaml"], ["classroom"], tmp_path, cache=False,
                   project=Project(REPO))
    assert report.ok, report.problems
    pages = pdfium.PdfDocument(tmp_path / "csto-classroom.pdf")
    for page in pages:
        text = page.get_textpage()
        found = {label: text.search(label, match_case=True).get_next()
                 for label in ("NATO 1949", "Members that have left")}
        if all(found.values()):
            tops = {label: text.get_charbox(at[0])[3] for label, at in found.items()}
            # Under the table, on its page (PDF y grows upwards).
            assert tops["Members that have left"] > tops["NATO 1949"]
            break
    else:
        pytest.fail("no page holds the chart under the table")
