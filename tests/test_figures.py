"""Figures: a section's picture from the project's images/ folder, refused at its line when it
is outside that folder, missing, not a picture or too large, and otherwise printed at the
text's width or less, with its caption, tagged with its alt text."""

from __future__ import annotations

import io
import re
import struct
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from click.testing import CliRunner
from PIL import Image

from guide.api import build, load_topic
from guide.cli import main
from guide.errors import GuideError, Problem
from guide.press.fetch import make_fetcher
from guide.source.figures import MAX_FIGURE_BYTES
from guide.source.resources import Project

PT_PER_MM = 72 / 25.4
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="80mm" height="40mm" viewBox="0 0 80 40">'
       '<rect width="80" height="40" fill="#9ab"/></svg>')


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#468").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#864").save(buffer, "JPEG")
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims a size, with no pixels: big to decode, small on disk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


# -- refusals, each at its line ----------------------------------------------------------------

YAML_TOPIC = """title: T
summary: [one]
sections:
  - heading: A
    figure:
      file: {file}
      alt: A picture
"""
MD_TOPIC = """---
title: T
summary: [one]
---

## A

![A picture]({file})
"""
FILE_LINE = {"topic.yaml": 6, "topic.md": 8}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project whose images/ holds pictures good and bad, beside a secret outside it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(png(4, 4))
    root = tmp_path / "project"
    images = root / "images"
    (images / "maps").mkdir(parents=True)
    (images / "map.png").write_bytes(png(40, 20))
    (images / "maps" / "europe.svg").write_text(SVG)
    (images / "link.png").symlink_to(outside / "secret.png")
    (images / "notes.png").write_text("not a picture at all")
    (images / "photo.jpg").write_bytes(png(4, 4))
    (images / "anim.gif").write_bytes(b"GIF89a" + bytes(20))
    (images / "page.svg").write_text("<html><body>not svg</body></html>")
    (images / "broken.png").write_bytes(png(40, 20)[:60])
    (images / "huge.png").write_bytes(png_claiming(8000, 7000))
    with (images / "heavy.svg").open("w") as heavy:
        heavy.write(SVG[:-6] + "<!--" + "x" * MAX_FIGURE_BYTES + "--></svg>")
    return root


REFUSALS = [
    ("../../outside/secret.png", "'../../outside/secret.png' is outside the project's images/ "
                                 "folder; put the picture in images/ and give its name from "
                                 "there (such as map.png)"),
    ("maps/../../secret.png", "is outside the project's images/ folder"),
    ("{outside}/secret.png", "is outside the project's images/ folder"),
    ("link.png", "images/link.png is a link to a file outside images/; copy the picture itself "
                 "into images/"),
    ("mpa.png", "no picture images/mpa.png; did you mean 'map.png'?"),
    ("maps/erope.svg", "no picture images/maps/erope.svg; did you mean 'maps/europe.svg'?"),
    ("volcano.png", "no picture images/volcano.png; put the picture in images/, or correct the "
                    "name"),
    ("maps", "images/maps is a folder, not a picture"),
    ("images/map.png", "no picture images/images/map.png; names are relative to images/: "
                       "write 'map.png'"),
    ("notes.png", "images/notes.png is not a picture: its content is not PNG, JPEG or SVG"),
    ("page.svg", "images/page.svg is not a picture: its content is not PNG, JPEG or SVG"),
    ("photo.jpg", "images/photo.jpg holds a PNG picture, not JPEG; rename it photo.png"),
    ("anim.gif", "images/anim.gif is not a PNG, JPEG or SVG picture (by its name); save it as "
                 ".png, .jpg or .svg"),
    ("broken.png", "images/broken.png is damaged: it cannot be read as a picture"),
    ("huge.png", "images/huge.png has more than 50 million pixels; save it smaller"),
    ("heavy.svg", "bytes; a figure may be at most 10 MB: save it smaller"),
]


class Opened:
    """The files Python opens while `watching` (an audit hook: hooks cannot be removed, so
    this one records only while switched on)."""

    paths: ClassVar[list[Path]] = []
    watching = False

    @classmethod
    def hook(cls, event: str, args: tuple) -> None:
        if cls.watching and event == "open" and isinstance(args[0], str | Path):
            cls.paths.append(Path(args[0]))


sys.addaudithook(Opened.hook)


@pytest.fixture
def opened() -> Iterator[list[Path]]:
    Opened.paths, Opened.watching = [], True
    try:
        yield Opened.paths
    finally:
        Opened.watching = False


def refusal(project: Path, name: str, file: str) -> Problem:
    topic = project / "data" / name
    topic.parent.mkdir(exist_ok=True)
    template = YAML_TOPIC if name.endswith(".yaml") else MD_TOPIC
    topic.write_text(template.format(file=file), encoding="utf-8")
    with pytest.raises(GuideError) as info:
        load_topic(topic, Project(project))
    [problem] = info.value.problems
    return problem


@pytest.mark.parametrize("name", ["topic.yaml", "topic.md"])
@pytest.mark.parametrize(("file", "message"), REFUSALS)
def test_a_bad_figure_is_refused_at_its_line_reading_nothing_outside_images(
    project: Path, opened: list[Path], name: str, file: str, message: str
) -> None:
    file = file.format(outside=project.parent / "outside")
    problem = refusal(project, name, file)
    assert (problem.line, problem.path) == (FILE_LINE[name], "sections[0].figure.file")
    assert message in problem.message
    images = (project / "images").resolve()
    assert [p for p in opened if p.suffix in (".png", ".jpg", ".gif", ".svg")
            and not p.resolve().is_relative_to(images)] == []


def test_a_project_without_images_is_told_to_make_the_folder(tmp_path: Path) -> None:
    problem = refusal(tmp_path, "topic.yaml", "map.png")
    assert problem.message.startswith("there is no images/ folder in the project")
    assert problem.message.endswith("make it and put map.png in it")


def test_alt_text_is_required(project: Path) -> None:
    topic = project / "topic.yaml"
    topic.write_text(YAML_TOPIC.format(file="map.png").replace("      alt: A picture\n", ""))
    with pytest.raises(GuideError) as info:
        load_topic(topic, Project(project))
    [problem] = info.value.problems
    assert (problem.line, problem.path) == (5, "sections[0].figure.alt")
    assert problem.message == ("required key is missing; expected what the picture shows, "
                               "for readers who cannot see it")


def test_figure_problems_come_with_the_topics_other_problems(project: Path) -> None:
    topic = project / "topic.yaml"
    timeline = "timeline:\n  - date: soon\n    event: x\n"
    topic.write_text(YAML_TOPIC.format(file="mpa.png") + timeline)
    with pytest.raises(GuideError) as info:
        load_topic(topic, Project(project))
    assert [p.path for p in info.value.problems] == ["sections[0].figure.file",
                                                    "timeline[0].date"]


def test_check_reports_a_missing_picture_as_file_line(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    (project / "topic.yaml").write_text(YAML_TOPIC.format(file="mpa.png"))
    result = CliRunner().invoke(main, ["check", "topic.yaml"])
    assert result.exit_code == 1
    assert ("topic.yaml:6:7: sections[0].figure.file: no picture images/mpa.png; did you "
            "mean 'map.png'?") in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_the_fetcher_reads_images_but_not_a_link_out_of_them(project: Path) -> None:
    from weasyprint.urls import URLFetchingError

    fetcher = make_fetcher(Project(project).roots())
    fetcher.fetch((project / "images" / "map.png").as_uri()).close()
    with pytest.raises(URLFetchingError):
        fetcher.fetch((project / "images" / "link.png").as_uri())
    with pytest.raises(URLFetchingError):
        fetcher.fetch((project.parent / "outside" / "secret.png").as_uri())


# -- printed -----------------------------------------------------------------------------------

PRINTED_YAML = """title: Figures
summary: [Pictures printed with their sections.]
sections:
  - heading: Wide
    text: A picture wider than the text.
    figure:
      file: wide.png
      alt: A wide blue rectangle
      caption: The wide caption.
      credit: Drawn by the tests.
  - heading: Tall
    figure:
      file: photos/tall.jpg
      alt: A tall brown rectangle
      caption: The tall caption.
"""
PRINTED_MD = """---
title: Diagram
summary: [A picture at its own size.]
---

## Small

![A small grey "box" & more](small.svg "The small caption.")
Credit: Also drawn by the tests.
"""


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("figures")
    (root / "images" / "photos").mkdir(parents=True)
    (root / "images" / "wide.png").write_bytes(png(1600, 400))
    (root / "images" / "photos" / "tall.jpg").write_bytes(jpeg(200, 2000))
    (root / "images" / "small.svg").write_text(SVG)
    (root / "data").mkdir()
    (root / "data" / "figures.yaml").write_text(PRINTED_YAML)
    (root / "data" / "diagram.md").write_text(PRINTED_MD)
    report = build([root / "data"], ["classroom"], root / "out", html=True, cache=False,
                   project=Project(root))
    assert report.ok, report.problems
    # (A page left short before the tall picture is the print report's business.)
    assert not [w for w in report.warnings if "image" in w.message or "refused" in w.message]
    return root / "out"


def pictures(pdf: Path) -> list[tuple[int, float, float, str]]:
    """(page, width, height in pt, the page's text) of each raster picture in `pdf`, and of
    each shape filled with the test SVG's colour (WeasyPrint draws an SVG as shapes)."""
    import ctypes

    document = pdfium.PdfDocument(pdf)
    found = []
    for number, page in enumerate(document, start=1):
        text = " ".join(page.get_textpage().get_text_range().split())
        for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,
                                            pdfium_c.FPDF_PAGEOBJ_PATH), max_depth=5):
            if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
                rgba = [ctypes.c_uint() for _ in range(4)]
                pdfium_c.FPDFPageObj_GetFillColor(obj.raw, *map(ctypes.byref, rgba))
                if [c.value for c in rgba[:3]] != [0x99, 0xAA, 0xBB]:
                    continue
            left, bottom, right, top = obj.get_bounds()
            found.append((number, right - left, top - bottom, text))
    document.close()
    return found


def text_width_pt(pdf: Path) -> float:
    document = pdfium.PdfDocument(pdf)
    width = document[0].get_width()
    document.close()
    return width - 2 * 17 * PT_PER_MM  # base.css: --page-margin 20mm 17mm 19mm 17mm


def test_a_picture_prints_no_wider_than_the_text_nor_taller_than_half_of_it(
    printed: Path,
) -> None:
    pdf = printed / "figures-classroom.pdf"
    wide, tall = pictures(pdf)
    text_width = text_width_pt(pdf)
    assert text_width * 0.98 <= wide[1] <= text_width + 0.5
    assert wide[1] / wide[2] == pytest.approx(4, rel=0.01)  # its shape kept
    document = pdfium.PdfDocument(pdf)
    text_height = document[0].get_height() - (20 + 19) * PT_PER_MM  # base.css: --page-margin
    document.close()
    assert tall[2] == pytest.approx(text_height / 2, abs=0.5)
    assert tall[1] / tall[2] == pytest.approx(0.1, rel=0.01)


def test_a_small_picture_prints_at_its_own_size(printed: Path) -> None:
    [(_, width, height, _)] = pictures(printed / "diagram-classroom.pdf")
    assert (width, height) == (pytest.approx(80 * PT_PER_MM, abs=0.5),
                               pytest.approx(40 * PT_PER_MM, abs=0.5))


def test_each_picture_prints_on_the_page_of_its_caption_and_credit(printed: Path) -> None:
    wide, tall = pictures(printed / "figures-classroom.pdf")
    assert "The wide caption. Drawn by the tests." in wide[3]
    assert "The tall caption." in tall[3]
    [small] = pictures(printed / "diagram-classroom.pdf")
    assert "The small caption. Also drawn by the tests." in small[3]


def figures_in_structure(pdf: Path) -> list[str]:
    """The alt text of every /Figure in the PDF's structure tree."""
    alts = []

    def walk(node: object) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == "/Figure":
                alts.append(str(node.get("/Alt", "")))
            if "/K" in node:
                walk(node.K)

    with pikepdf.open(pdf) as document:
        walk(document.Root.StructTreeRoot)
    return alts


def test_a_picture_is_tagged_as_a_figure_with_its_alt_text(printed: Path) -> None:
    assert figures_in_structure(printed / "figures-classroom.pdf") == [
        "A wide blue rectangle", "A tall brown rectangle"]
    # Marks and quotes finished as in any text; & and " are text, not markup.
    assert figures_in_structure(printed / "diagram-classroom.pdf") == [
        "A small grey \u201cbox\u201d & more"]


def test_the_html_shows_the_picture_with_the_same_alt_text(printed: Path) -> None:
    html = (printed / "figures-classroom.html").read_text()
    image = (printed.parent / "images" / "wide.png").resolve().as_uri()
    assert f'<img src="{image}" alt="A wide blue rectangle"' in html
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", html)
    assert [re.sub(r"<[^>]+>", "", c) for c in captions] == [
        "The wide caption. Drawn by the tests.", "The tall caption."]
    assert '<span class="credit">Drawn by' in captions[0]
    small = (printed / "diagram-classroom.html").read_text()
    assert 'alt="A small grey \u201cbox\u201d &amp; more"' in small


def test_a_changed_picture_is_laid_out_again_not_taken_from_the_cache(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    picture = tmp_path / "images" / "small.svg"
    picture.write_text(SVG)
    (tmp_path / "diagram.md").write_text(PRINTED_MD)

    def again() -> tuple[int, int]:
        report = build([tmp_path / "diagram.md"], ["classroom"], tmp_path / "out",
                       project=Project(tmp_path))
        assert report.ok, report.problems
        return len(report.built), len(report.cached)

    assert again() == (1, 0)
    assert again() == (0, 1)
    picture.write_text(SVG.replace("#9ab", "#ba9"))
    assert again() == (1, 0)
