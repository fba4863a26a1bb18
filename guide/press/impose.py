"""Imposition: printed pages laid out two to a sheet, for folding or for saving paper."""

from __future__ import annotations

from io import BytesIO

import pikepdf
from pikepdf import Array, Dictionary, Name

from guide.source.paper import PAPERS, sheet_of

Slot = int | None  # a page index, or None for a blank


def saddle_order(count: int) -> list[tuple[Slot, Slot]]:
    """Sheet sides (left, right) for a saddle-stitched booklet of `count` pages: padded with
    blanks to a multiple of four, so that printed duplex, folded and stapled it reads in
    order."""
    total = -(-count // 4) * 4

    def page(index: int) -> Slot:
        return index if index < count else None

    sides: list[tuple[Slot, Slot]] = []
    for sheet in range(total // 4):
        sides.append((page(total - 1 - 2 * sheet), page(2 * sheet)))          # front
        sides.append((page(2 * sheet + 1), page(total - 2 - 2 * sheet)))      # back
    return sides


def two_up_order(count: int) -> list[tuple[Slot, Slot]]:
    """Two pages to a side, in reading order."""
    return [(i, i + 1 if i + 1 < count else None) for i in range(0, count, 2)]


ORDERS = {"saddle": saddle_order, "2up": two_up_order}


def impose(pdf: bytes, mode: str, page: str) -> bytes:
    """The PDF's `page`-sized pages two-up on landscape sheets of the paper they are half of
    (A5 on A4), in `mode`'s order, each page centred in its half; the same kind of PDF
    (PDF/A...), with the same metadata and tags."""
    from guide.press.assemble import lay_over, save_like

    source = pikepdf.open(BytesIO(pdf))
    box = source.pages[0].mediabox
    width, height = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
    sheet_width, sheet_height = PAPERS[sheet_of(page)].landscape_points
    out = pikepdf.new()
    drawn: dict[int, tuple[pikepdf.Object, pikepdf.Object]] = {}  # by page: sheet, form
    for side in ORDERS[mode](len(source.pages)):
        out.add_blank_page(page_size=(sheet_width, sheet_height))
        page = out.pages[-1]
        for slot, index in enumerate(side):
            if index is not None:
                x = slot * sheet_width / 2 + (sheet_width / 2 - width) / 2
                y = (sheet_height - height) / 2
                form = lay_over(out, page, source.pages[index], f"Page{slot}", x, y)
                drawn[index] = page.obj, form
    if "/StructTreeRoot" in source.Root:
        _carry_tags(out, source, drawn)
    return save_like(out, source)


def _carry_tags(out: pikepdf.Pdf, source: pikepdf.Pdf,
                drawn: dict[int, tuple[pikepdf.Object, pikepdf.Object]]) -> None:
    """Keep `source`'s tag tree, for screen readers and PDF/UA: it reads in the booklet's
    order whatever the sheets' order. Each page's tagged content is now in the form that
    draws it on a sheet (`drawn`, by page), so its elements point at the sheet and at that
    form (marked-content references), and the form takes the page's parent-tree entry.
    Links are not imposed: the tree's references to them go."""
    pages = {page.objgen: index for index, page in enumerate(source.pages)}
    elements = _elements(source.Root.StructTreeRoot)
    on = [_page(element) for element in elements]
    for element, page in zip(elements, on, strict=True):  # page numbers for pages
        kids = _kids(element)
        kept = [kid for kid in kids
                if not (isinstance(kid, Dictionary) and kid.get("/Type") == "/OBJR")]
        if len(kept) < len(kids):
            element.K = Array(kept)
        if "/Pg" in element:
            del element["/Pg"]
        if page is not None:
            element.GuidePage = pages[page.objgen]
    tree = out.copy_foreign(source.Root.StructTreeRoot)
    for element in _elements(tree):
        if "/GuidePage" in element:
            sheet, form = drawn[int(element.GuidePage)]
            del element["/GuidePage"]
            element.Pg = sheet
            if any(isinstance(kid, int) for kid in _kids(element)):
                element.K = Array([Dictionary(Type=Name.MCR, Pg=sheet, Stm=form, MCID=kid)
                                   if isinstance(kid, int) else kid for kid in _kids(element)])
    for index, page in enumerate(source.pages):
        if "/StructParents" in page.obj:
            drawn[index][1].StructParents = page.obj.StructParents
    out.Root.StructTreeRoot = tree


def _page(element: pikepdf.Object) -> pikepdf.Object | None:
    """The page an element's content is on: its own /Pg, else its nearest ancestor's."""
    while element is not None and "/Pg" not in element:
        element = element.get("/P")
    return element.Pg if element is not None else None


def _kids(element: pikepdf.Object) -> list[pikepdf.Object | int]:
    kids = element.get("/K")
    return [] if kids is None else list(kids) if isinstance(kids, Array) else [kids]


def _elements(root: pikepdf.Object) -> list[pikepdf.Object]:
    """The structure elements under `root`, each once: from the top down, and those that
    tagged content names (WeasyPrint leaves the page's margin boxes out of the tree)."""
    found, seen, todo = [], set(), list(_kids(root))
    if "/ParentTree" in root:
        for _, named in pikepdf.NumberTree(root.ParentTree).items():
            todo += list(named) if isinstance(named, Array) else [named]
    while todo:
        element = todo.pop()
        if not isinstance(element, Dictionary) or element.get("/Type") in (
                "/MCR", "/OBJR") or element.objgen in seen:
            continue
        seen.add(element.objgen)
        found.append(element)
        todo += _kids(element)
    return found
