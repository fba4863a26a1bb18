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
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING
from xml.dom import minidom

from guide.errors import Problem, UsageError
from guide.press.fetch import Bundle, make_fetcher, weasyprint
from guide.press.readiness import Finding, inspect
from guide.press.text_layer import text_layer
from guide.source.resources import BUILTIN_STYLES, Project

if TYPE_CHECKING:
    import pydyf
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
    fonts: dict[str, bytes] = field(default_factory=dict)  # a booklet part's, set aside

    @property
    def messages(self) -> list[str]:
        """WeasyPrint's warnings, then the print report's findings."""
        return self.warnings + [str(finding) for finding in self.findings]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def lay_out(html: str, files: Project | Bundle) -> Document:
    """WeasyPrint's laid-out pages for `html`, loading only the project's and package's
    files: from disk, or from a bundle of them (on any machine)."""
    if isinstance(files, Bundle):
        base_url, fetcher = files.base_url, files.fetcher()
    else:
        base_url, fetcher = files.root.resolve().as_uri() + "/", make_fetcher(files.roots())
    return weasyprint().HTML(string=html, base_url=base_url, url_fetcher=fetcher).render()


def print_pdf(
    html: str, files: Project | Bundle, name: str, epoch: int, variant: str | None = None,
    whole_fonts: bool = False,
) -> Printed:
    """Lay out `html`, loading `files` (see `lay_out`), and return the PDF bytes,
    WeasyPrint's warnings and the print report.

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
        document = lay_out(html, files)
        # Whole fonts are shared between a booklet's parts: their codes stay WeasyPrint's.
        with text_layer(codes=not whole_fonts):
            data = document.write_pdf(
                pdf_identifier=hashlib.sha256(name.encode()).hexdigest()[:32].encode(),
                pdf_tags=True,
                pdf_variant=variant,
                full_fonts=whole_fonts,
                uncompressed_pdf=whole_fonts,
                finisher=partial(_conform, variant=variant) if variant else None,
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


# A few words in each language guide prints, in each bundled face, hyphenated.
_WARM_UP = """<!DOCTYPE html><html lang="en"><head><link rel="stylesheet" href="{fonts}">
<style>p {{ hyphens: auto; width: 5em; font-family: "Noto Sans" }}</style></head><body>
<p>Internationalisation of <b>organisations</b>, <i>treaties</i> and <b><i>charters</i></b></p>
<p style="font-family: 'Noto Serif'">Internationalisation of <b>organisations</b></p>
<p lang="hi" style="font-family: 'Noto Sans Devanagari'">सामूहिक <b>सुरक्षा</b> संधि संगठन</p>
<p lang="hi" style="font-family: 'Noto Serif Devanagari'">सामूहिक <b>सुरक्षा</b> संधि</p>
</body></html>"""


@cache
def warm_up() -> None:
    """Print a page of a few words once, in the process workers are forked from: WeasyPrint
    has then parsed the C declarations it draws with and loaded the hyphenation
    dictionaries, which each worker otherwise did again (about 0.05 to 0.15 s a sheet)."""
    fonts = BUILTIN_STYLES / "fonts" / "fonts.css"
    print_pdf(_WARM_UP.format(fonts=fonts.as_uri()), Project(BUILTIN_STYLES), "warm-up", 0)


def _conform(document: Document, pdf: pydyf.PDF, variant: str) -> None:
    """Mend what WeasyPrint writes for `variant` that validators reject: declare the XMP's
    namespaces where readers look for them, and drop the transparency groups that the
    variants of PDF 1.4 and before (PDF/A-1, PDF/X-1a, PDF/X-3) forbid."""
    from weasyprint.pdf import VARIANTS
    from weasyprint.pdf.metadata import NS

    if "Metadata" in pdf.catalog:
        metadata = pdf.objects[int(pdf.catalog["Metadata"].split()[0])]
        metadata.stream = [readable_xmp(b"".join(metadata.stream), NS["rdf"])]
    if VARIANTS[variant][1]["pdf_version"] <= "1.4":
        drop_groups(pdf)


def readable_xmp(packet: bytes, rdf: str) -> bytes:
    """`packet` with each namespace also declared on the `rdf:Description` that uses it.

    WeasyPrint (ElementTree) declares them all once on `rdf:RDF`, which is valid XML, but
    PDFBox's xmpbox (Preflight, and so many archives' checks) reads an XMP schema's namespace
    only from its `rdf:Description` and calls the file's PDF/A schema missing (7.3).
    """
    start = packet.index(b"<rdf:RDF")
    end = packet.index(b"</rdf:RDF>") + len(b"</rdf:RDF>")
    root = minidom.parseString(packet[start:end]).documentElement
    for description in root.getElementsByTagNameNS(rdf, "Description"):
        for node in [description, *description.getElementsByTagName("*")]:
            attributes = [node.attributes.item(i) for i in range(node.attributes.length)]
            for named in [node, *attributes]:
                if named.prefix not in (None, "xml", "xmlns", "rdf"):
                    description.setAttribute(f"xmlns:{named.prefix}", named.namespaceURI)
    return packet[:start] + root.toxml().encode() + packet[end:]


def drop_groups(pdf: pydyf.PDF) -> None:
    """Make WeasyPrint's transparency groups plain forms.

    WeasyPrint draws SVG text anchored at its middle or end (the charts' years and the
    timeline's left-hand labels) into a form with an isolated transparency group, only to
    measure it and move it by its width; PDF/A-1 forbids the group (Preflight 2.2.1). Its
    content is opaque text drawn normally, which a plain form draws the same: a group only
    matters for what shows through, and PDF/A-1 forbids anything that does anyway.
    """
    import pydyf

    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and obj.extra.get("Subtype") == "/Form":
            obj.extra.pop("Group", None)


def pdf_variants() -> list[str]:
    """The PDF variants WeasyPrint can write (PDF/A, PDF/UA, PDF/X)."""
    weasyprint()
    from weasyprint.pdf import VARIANTS

    return [name for name in VARIANTS if name != "debug"]


def check_variant(variant: str | None) -> None:
    """Raise UsageError unless `variant` is None or one of `pdf_variants`."""
    if variant is not None and variant not in pdf_variants():
        known = ", ".join(pdf_variants())
        raise UsageError([Problem(None, f"unknown PDF variant {variant!r}; known: {known}")])


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
