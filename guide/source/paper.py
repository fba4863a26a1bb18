"""Paper sizes: everything the tool knows about a paper, in one table a school can extend
(a row here is enough for audiences, booklets, imposition, flash cards and the preview)."""

from __future__ import annotations

from dataclasses import dataclass

MM_PER_PT = 25.4 / 72  # millimetres in a typographic point


@dataclass(frozen=True)
class Paper:
    """One paper, portrait: its size, what CSS calls it, the page an imposed booklet prints
    two to a sheet of it, and its flash-card grid."""

    width_mm: float
    height_mm: float
    css: str  # the CSS `size` for it: a name CSS knows, or a width and height
    half: str  # the page an imposed booklet on this paper prints (itself if it is one)
    cards: tuple[int, int]  # flash cards to a portrait page: columns, rows
    choosable: bool = True  # audiences and --paper may name it (half-Letter only imposes)

    @property
    def landscape_points(self) -> tuple[float, float]:
        """The paper turned landscape, in points (to 0.01), as an imposed sheet."""
        return (round(self.height_mm / MM_PER_PT, 2), round(self.width_mm / MM_PER_PT, 2))


# In the order messages, --help and the preview list them.
PAPERS: dict[str, Paper] = {
    "A4": Paper(210.0, 297.0, "A4", half="A5", cards=(2, 4)),
    "A5": Paper(148.0, 210.0, "A5", half="A5", cards=(2, 3)),
    "Letter": Paper(215.9, 279.4, "Letter", half="half-letter", cards=(2, 4)),
    "Legal": Paper(215.9, 355.6, "Legal", half="half-letter", cards=(2, 5)),
    "half-letter": Paper(139.7, 215.9, "5.5in 8.5in", half="half-letter", cards=(2, 3),
                         choosable=False),
}
CHOOSABLE = tuple(name for name, paper in PAPERS.items() if paper.choosable)


def sheet_of(page: str) -> str:
    """The paper an imposed `page` prints two to: the one whose half it is and not itself."""
    return next(name for name, paper in PAPERS.items() if paper.half == page and name != page)
