"""Room to write on a worksheet, sized from the expected answer: a blank as wide as the answer
would be handwritten, and as many ruled lines as it would fill across the text."""

from __future__ import annotations

import math

from guide.content.marks import plain
from guide.content.measure import width_em
from guide.source.audience import Audience
from guide.source.paper import MM_PER_PT

HAND_EM = 0.75  # a handwritten character takes about three quarters of an em of the text
MIN_CHARS = 6  # a blank always has room for a short word or a year
HAND_SCALE = 1.6  # handwriting runs wider than print: about 0.75 em a letter to 0.47
MOST_LINES = 8
UNKNOWN_LINES = 3  # for a question whose author gave no answer


def blank_em(answer: str) -> float:
    """The width of a blank for `answer`, in ems of the text; the page caps it at the line."""
    return round(max(len(answer), MIN_CHARS) * HAND_EM + 1, 1)


def write_lines(answer: str | None, audience: Audience) -> int:
    """Ruled lines to write `answer` on, as long as the measure that holds the question (or the
    text width, where narrower), or 0 when a blank after the question holds it (less than half
    a line)."""
    if not answer:
        return UNKNOWN_LINES
    em_mm = audience.font_points * MM_PER_PT
    per_line = min(audience.text_area_mm[0], audience.measure * em_mm) / em_mm  # in ems
    handwritten = width_em(plain(answer)) * HAND_SCALE
    if handwritten < per_line / 2:
        return 0
    return min(MOST_LINES, math.ceil(handwritten / per_line))
