"""A booklet's tags, as a screen reader uses them: the page numbers laid over the pages are
artifacts, every piece of tagged content belongs to the tag tree, and each topic's
elements say the topic's own language (a Hindi edition in an English booklet)."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from guide.api import build_booklet
from guide.source.resources import Project

from samples import copy_samples

REPO = Path(__file__).resolve().parent.parent
DEVANAGARI = re.compile("[\u0900-\u097f]")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A booklet of the CSTO topic and its Hindi edition, and the same imposed two-up (on
    A5, so that it takes the booklet's parts from the cache)."""
    root = tmp_path_factory.mktemp("tags")
    copy_samples(root)
    topics = [root / "data" / name for name in ("csto.yaml", "csto.hi.yaml")]
    made = {}
    for name, impose in (("booklet", None), ("imposed", "2up")):
        report = build_booklet(topics, name, ["classroom"], root / "out", paper="A5",
                               impose=impose, project=Project(root))
        assert report.ok and report.built, report.problems
        made[name] = report.built[0]
    return made


@pytest.fixture
def booklet(built: dict[str, Path]) -> Path:
    return built["booklet"]


def _marked(operator: str) -> bool:
    return operator in ("BDC", "BMC", "EMC")


def test_page_numbers_are_artifacts(booklet: Path) -> None:
    with pikepdf.open(booklet) as pdf:
        numbered = 0
        for page in pdf.pages:
            names = [n for n in page.Resources.get("/XObject", {})
                     if n.startswith("/GuidePageNumber")]
            for name in names:
                form = page.Resources.XObject[name]
                inside = [str(op.operator) for op in pikepdf.parse_content_stream(form)]
                assert not any(map(_marked, inside)), "the number's own tags are left in"
            open_tags: list[str] = []
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) in ("BDC", "BMC"):
                    open_tags.append(str(operands[0]))
                elif str(operator) == "EMC":
                    open_tags.pop()
                elif str(operator) == "Do" and str(operands[0]) in names:
                    assert open_tags[-1:] == ["/Artifact"], str(operands[0])
                    numbered += 1
        assert numbered == len(pdf.pages) - 1  # every page but the cover


def _mcids(content: pikepdf.Object) -> list[int]:
    """The marked-content ids in a page's or form's content."""
    return [int(operands[1].MCID) for operands, operator in pikepdf.parse_content_stream(content)
            if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary)
            and "/MCID" in operands[1]]


def _kids(element: pikepdf.Object) -> list[object]:
    kids = element.get("/K", [])
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def test_every_tagged_piece_of_content_is_in_the_tag_tree(booklet: Path) -> None:
    with pikepdf.open(booklet) as pdf:
        parents = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
        for index, page in enumerate(pdf.pages):
            mcids = _mcids(page)
            if not mcids:
                continue
            elements = parents[int(page.obj.StructParents)]
            for mcid in mcids:
                assert mcid < len(elements), (index, mcid)
                assert elements[mcid].Type == "/StructElem", (index, mcid)
                assert mcid in _kids(elements[mcid]), (index, mcid)


def test_an_imposed_booklet_keeps_the_tags(built: dict[str, Path]) -> None:
    """Each booklet page is a form on a sheet: its tagged content is reached through the
    form's entry in the parent tree, and its element points back at that form and sheet."""
    with pikepdf.open(built["booklet"]) as pdf:
        tagged = sum(len(_mcids(page)) for page in pdf.pages)
    found = 0
    with pikepdf.open(built["imposed"]) as pdf:
        parents = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
        for sheet in pdf.pages:
            for form in sheet.Resources.XObject.values():
                elements = parents[int(form.StructParents)]
                for mcid in _mcids(form):
                    references = [
                        kid for kid in _kids(elements[mcid]) if isinstance(kid, pikepdf.Dictionary)
                        and kid.get("/MCID") == mcid and kid.Stm.objgen == form.objgen]
                    assert len(references) == 1 and references[0].Type == "/MCR"
                    assert references[0].Pg.objgen == sheet.objgen
                    found += 1
        assert pdf.Root.MarkInfo.Marked is True
    assert found == tagged > 0


def _pages_of(element: pikepdf.Object, pages: dict[tuple[int, int], int]) -> set[int]:
    found = {pages[element.Pg.objgen]} if "/Pg" in element else set()
    kids = element.get("/K", [])
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR":
            found |= _pages_of(kid, pages)
    return found


def test_each_topic_is_tagged_in_its_own_language(booklet: Path) -> None:
    text = [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(booklet)]
    with pikepdf.open(booklet) as pdf:
        assert str(pdf.Root.Lang) == "en"
        pages = {page.objgen: i for i, page in enumerate(pdf.pages)}
        langs: dict[str, set[int]] = {}
        for element in pdf.Root.StructTreeRoot.K.K:
            lang = str(element.get("/Lang", ""))
            langs.setdefault(lang, set()).update(_pages_of(element, pages))
    assert set(langs) == {"en", "hi"}
    assert langs["hi"] and all(DEVANAGARI.search(text[i]) for i in langs["hi"])
    # the Hindi edition's own pages: after the English topic, before the key
    hindi_pages = {i for i, page in enumerate(text) if len(DEVANAGARI.findall(page)) > 200}
    assert hindi_pages <= langs["hi"]
    assert not hindi_pages & (langs["en"] - langs["hi"])
