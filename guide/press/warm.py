"""Imported once by the press server (`guide.pipeline.press_server`) before it forks any
worker: WeasyPrint, guide's hooks into it and the print modules, so that every worker
starts with them loaded."""

from guide.press import assemble, pdf  # noqa: F401  (loaded for the workers)
from guide.press.fetch import weasyprint

weasyprint()
