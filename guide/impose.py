"""Imposition: printed pages laid out two to a sheet, for folding or for saving paper."""

from __future__ import annotations

from io import BytesIO

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


# Landscape sheets in points: A5 pages go on A4, half-Letter pages on Letter.
SHEETS = {"A5": (841.89, 595.28), "half-letter": (792.0, 612.0)}


def impose(pdf: bytes, mode: str, sheet: str) -> bytes:
    """The PDF's pages two-up on landscape `sheet`s (see SHEETS), in `mode`'s order, each
    page centred in its half."""
    import pikepdf

    from guide.assemble import lay_over

    source = pikepdf.open(BytesIO(pdf))
    box = source.pages[0].mediabox
    width, height = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
    sheet_width, sheet_height = SHEETS[sheet]
    out = pikepdf.new()
    for side in ORDERS[mode](len(source.pages)):
        out.add_blank_page(page_size=(sheet_width, sheet_height))
        page = out.pages[-1]
        for slot, index in enumerate(side):
            if index is not None:
                x = slot * sheet_width / 2 + (sheet_width / 2 - width) / 2
                y = (sheet_height - height) / 2
                lay_over(out, page, source.pages[index], f"Page{slot}", x, y)
    buffer = BytesIO()
    out.save(buffer, deterministic_id=True)
    return buffer.getvalue()
