"""Stage 5, print: WeasyPrint lays the HTML out and the PDF is written atomically.

WeasyPrint is imported here only, and only when a PDF is really made, so `guide check`
and `--help` start fast.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from guide.fetch import make_fetcher, weasyprint
from guide.readiness import Finding, inspect
from guide.resources import Project
from guide.text_layer import text_layer

if TYPE_CHECKING:
    from weasyprint.document import Document


@dataclass
class Printed:
    """A laid-out PDF and what WeasyPrint had to say while making it."""

    data: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    glyphs: dict[str, list[int]] = field(default_factory=dict)  # by font, with whole fonts
    level: int | None = None  # the level printed, where fitted below the audience's own
    html: str | None = None  # the HTML printed, where fitted

    @property
    def messages(self) -> list[str]:
        """WeasyPrint's warnings, then the print report's findings."""
        return self.warnings + [str(finding) for finding in self.findings]


# Said about the machine, not about the user's files; not worth a warning per sheet.
_MACHINE_NOTES = ("Using fontTools instead of HarfBuzz",)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(_MACHINE_NOTES):
            self.messages.append(message)


def lay_out(html: str, project: Project) -> Document:
    """WeasyPrint's laid-out pages for `html`, loading only the project's and package's files."""
    return weasyprint().HTML(
        string=html,
        base_url=project.root.resolve().as_uri() + "/",
        url_fetcher=make_fetcher(project.roots()),
    ).render()


def print_pdf(
    html: str, project: Project, name: str, epoch: int, variant: str | None = None,
    whole_fonts: bool = False,
) -> Printed:
    """Lay out `html` and return the PDF bytes, WeasyPrint's warnings and the print report.

    The bytes depend on the inputs alone: the file identifier is a hash of `name` (the
    output's name, the same on every machine), and `epoch` (seconds since 1970) stands
    for "now" in the font subsets' timestamps. The PDF is tagged for screen readers;
    `variant` is one of WeasyPrint's (`pdf/ua-1`...). `whole_fonts` embeds fonts whole
    instead of their used glyphs, and compresses nothing: faster, the same fonts in every
    PDF, for parts to be joined (and compressed) later.
    """
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)  # read by fontTools when it subsets
    try:
        document = lay_out(html, project)
        # Whole fonts are shared between a booklet's parts: their codes stay WeasyPrint's.
        with text_layer(codes=not whole_fonts):
            data = document.write_pdf(
                pdf_identifier=hashlib.sha256(name.encode()).hexdigest()[:32].encode(),
                pdf_tags=True,
                pdf_variant=variant,
                full_fonts=whole_fonts,
                uncompressed_pdf=whole_fonts,
            )
    finally:
        logger.removeHandler(handler)
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    glyphs = {font.name.decode().lstrip("/"): sorted(font.to_unicode)
              for font in document.fonts.values()} if whole_fonts else {}
    return Printed(data, len(document.pages), handler.messages, inspect(document), glyphs)


def pdf_variants() -> list[str]:
    """The PDF variants WeasyPrint can write (PDF/A, PDF/UA, PDF/X)."""
    weasyprint()
    from weasyprint.pdf import VARIANTS

    return [name for name in VARIANTS if name != "debug"]


def write_atomic(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file and a rename: never half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f".{target.name}.*.part"):  # left by a killed build
        stale.unlink(missing_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
