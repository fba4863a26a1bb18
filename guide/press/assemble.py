"""Putting a booklet together from PDFs printed apart: the front matter, one per topic, the
answer key and pages holding only page numbers.

Each part is printed with its fonts whole, so that every part embeds the same font files;
those are set aside by content (`set_fonts_aside`) and put back once per booklet
(`assemble`), which also joins the pages, the outlines and the tag trees, points the
contents' links at their pages and lays the page numbers over the pages.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from guide.press.fetch import Bundle
from guide.press.pdf import Printed, print_pdf
from guide.press.subset import subset
from guide.source.resources import Project

PAGE_LINK = "guide-page:"  # the contents' links, as printed: guide-page:<booklet page>
_REFERENCE = re.compile(rb"(\d+) (\d+) R")


def print_part(html: str, files: Project | Bundle, name: str, epoch: int,
               variant: str | None = None) -> Printed:
    """One part of a booklet printed with whole fonts, set aside in `Printed.fonts`, as PDF
    `variant` asks (see `guide.press.pdf.print_pdf`)."""
    printed = print_pdf(html, files, name, epoch, variant, whole_fonts=True)
    printed.data, printed.glyphs, printed.fonts = set_fonts_aside(printed.data, printed.glyphs)
    return printed


def set_fonts_aside(data: bytes, glyphs: dict[str, list[int]]
                    ) -> tuple[bytes, dict[str, list[int] | None], dict[str, bytes]]:
    """`data` with each font replaced by a mark naming it, the glyphs used of each font by
    that name (None where `glyphs`, by font name, does not say), and each font as a PDF of
    its own by that name, a hash of its content: kept once (`keep_fonts`), however many
    parts use it, so that neither the cache nor the joining holds a copy per part."""
    pdf = Pdf.open(io.BytesIO(data))
    digests: dict[tuple[int, int], str] = {}
    marks: dict[str, pikepdf.Object] = {}
    used: dict[str, list[int] | None] = {}
    holders: dict[str, bytes] = {}

    def mark(font: pikepdf.Object) -> pikepdf.Object:
        digest = _digest(pdf, font, digests)
        name = str(font.get("/BaseFont", "")).lstrip("/")
        known = used.get(digest, [])
        used[digest] = None if known is None or name not in glyphs else sorted(
            {*known, *glyphs[name]})
        if digest not in marks:
            holder = Pdf.new()
            holder.Root.GuideFont = holder.copy_foreign(font)
            buffer = io.BytesIO()
            holder.save(buffer, compress_streams=False, deterministic_id=True)
            holders[digest] = buffer.getvalue()
            marks[digest] = pdf.make_indirect(Dictionary(GuideFont=pikepdf.String(digest)))
        return marks[digest]

    for resources in _resources(pdf):
        fonts = resources.get("/Font")
        for name in sorted(fonts.keys()) if fonts is not None else []:  # keys(): a set
            if "/GuideFont" not in fonts[name]:  # pages share their fonts' dictionary
                fonts[name] = mark(fonts[name])
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue(), used, holders


def _resources(pdf: Pdf) -> list[pikepdf.Object]:
    """Every resource dictionary of the pages and of the forms and patterns they use."""
    found: list[pikepdf.Object] = []
    seen: set[tuple[int, int]] = set()
    todo = [page.obj.get("/Resources") for page in pdf.pages]
    while todo:
        resources = todo.pop()
        if resources is None or (resources.is_indirect and resources.objgen in seen):
            continue
        seen.add(resources.objgen)
        found.append(resources)
        for group in ("/XObject", "/Pattern"):
            todo += [item.Resources for item in resources.get(group, {}).values()
                     if "/Resources" in item]
    return found


def keep_fonts(folder: Path, fonts: dict[str, bytes]) -> None:
    """Put fonts set aside into `folder`, where `assemble` finds them."""
    for digest, data in fonts.items():
        if not (folder / f"{digest}.pdf").exists():
            _keep(folder, f"{digest}.pdf", data)


def _keep(folder: Path, name: str, data: bytes) -> None:
    """Write `folder/name` whole; parts printed at once may write the same font together."""
    with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{name}.", delete=False) as out:
        out.write(data)
    os.replace(out.name, folder / name)


@dataclass
class Part:
    """A printed part and where it goes: `data` and `glyphs` from `set_fonts_aside`;
    `blank_before` filler pages to put before it (for a right-hand start)."""

    data: bytes
    glyphs: dict[str, list[int] | None]
    blank_before: int = 0


def assemble(parts: list[Part], numbers: list[Part], numbered: list[int],
             fonts: Path, inset: float = 0, filler: Part | None = None) -> bytes:
    """One PDF of `parts` in order, with the pages of `numbers` (the page-number parts, one
    page per entry of `numbered`, the 0-based booklet pages that carry a number) laid over.
    Each font is embedded once, with only the glyphs the booklet uses. A page put before
    a part (for a right-hand start) is a copy of `filler`'s one page, a "Notes" page.

    A bound booklet's parts are laid out with half the gutter on each side of the text,
    since a part does not know on which side of the spine its pages fall: `inset` (in
    points) moves each page out by that half, right-hand pages to the right and left-hand
    ones to the left, so that the whole gutter lies on the inner edge.

    The document's title, language and metadata come from the first part.
    """
    out = Pdf.new()
    sources = [Pdf.open(io.BytesIO(part.data)) for part in parts]
    first = sources[0]
    tree = _Tree(out)
    outline: list[pikepdf.OutlineItem] = []
    fillers: list[Pdf] = []  # open until the booklet is saved, as the parts are
    for part, source in zip(parts, sources, strict=True):
        for _ in range(part.blank_before):
            if filler is None:
                raise ValueError("a page put before a part needs a filler page")
            fillers.append(Pdf.open(io.BytesIO(filler.data)))
            base = len(out.pages)
            out.pages.extend(fillers[-1].pages)
            tree.join(fillers[-1], base)
        base = len(out.pages)
        out.pages.extend(source.pages)
        outline += _outline(out, source, base)
        tree.join(source, base)
    _link_contents(out)
    if inset:
        for index, page in enumerate(out.pages):
            _move(page, inset if index % 2 == 0 else -inset)  # 0-based: even is on the right
    stamps = [Pdf.open(io.BytesIO(part.data)) for part in numbers]
    stamp_pages = [page for stamp in stamps for page in stamp.pages]
    for index, stamp in zip(numbered, stamp_pages, strict=True):
        lay_over(out, out.pages[index], stamp, f"GuidePageNumber{index}", artifact=True)
    opened = _share_fonts(out, fonts, _glyphs(parts + numbers + ([filler] if filler else [])))

    with out.open_outline() as tree_of_contents:
        tree_of_contents.root.extend(outline)
    out.Root.PageMode = Name.UseOutlines
    tree.finish()
    data = save_like(out, first)
    del opened  # the fonts were read while saving
    return data


def save_like(out: Pdf, first: Pdf) -> bytes:
    """`out` saved as the PDF that `first` is: its language, tagging (where `out` has tags),
    metadata, output intents (PDF/A's colour profile) and document information, its PDF
    version, and compressed object streams only from PDF 1.5 on (PDF/A-1 and PDF/X-1
    forbid them)."""
    for key in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata", "/OutputIntents"):
        if key == "/MarkInfo" and "/StructTreeRoot" not in out.Root:
            continue
        if key in first.Root:
            out.Root[key] = _copy(out, first, first.Root[key])
    out.docinfo = _copy(out, first, first.docinfo)
    streams = (pikepdf.ObjectStreamMode.generate if first.pdf_version >= "1.5"
               else pikepdf.ObjectStreamMode.disable)
    buffer = io.BytesIO()
    out.save(buffer, deterministic_id=True, object_stream_mode=streams,
             min_version=first.pdf_version)
    return buffer.getvalue()


def lay_over(pdf: Pdf, page: pikepdf.Page, other: pikepdf.Page, name: str,
             x: float = 0, y: float = 0, artifact: bool = False) -> pikepdf.Object:
    """Draw `other` over `page` of `pdf`, moved by (`x`, `y`), as a form called `name`
    (returned): a name chosen, not drawn at random, so that the same input gives the same
    bytes.

    An `artifact` (a page number) is marked as one, for screen readers to pass over: its
    own tags, which belong to no tag tree here, are taken out."""
    form = pdf.copy_foreign(other.as_form_xobject())
    draw = f"q 1 0 0 1 {x:.4f} {y:.4f} cm /{name} Do Q"
    if artifact:
        form.write(pikepdf.unparse_content_stream(
            [op for op in pikepdf.parse_content_stream(form)
             if str(op.operator) not in ("BDC", "BMC", "EMC")]))
        draw = f"/Artifact <</Type /Pagination>> BDC {draw} EMC"
    page.add_resource(form, Name.XObject, Name("/" + name))
    if "/Contents" in page.obj:
        page.contents_add(b"q\n", prepend=True)
        page.contents_add(b"\nQ\n")
    page.contents_add(f"{draw}\n".encode())
    return form


def _move(page: pikepdf.Page, x: float) -> None:
    """Move what `page` shows, its links included, `x` points to the right."""
    if "/Contents" not in page.obj:
        return  # nothing drawn
    page.contents_add(f"q 1 0 0 1 {x:.4f} 0 cm\n".encode(), prepend=True)
    page.contents_add(b"\nQ\n")
    for annotation in page.obj.get("/Annots", []):
        for key in ("/Rect", "/QuadPoints"):
            if key in annotation:
                annotation[key] = Array([float(v) + (x if i % 2 == 0 else 0)
                                         for i, v in enumerate(annotation[key])])


def _copy(out: Pdf, source: Pdf, obj: pikepdf.Object) -> pikepdf.Object:
    """`obj` of `source` copied into `out`, with what it refers to."""
    if not isinstance(obj, Dictionary | Array | pikepdf.Stream):
        return obj  # a name, string or number
    return out.copy_foreign(obj if obj.is_indirect else source.make_indirect(obj))


def _outline(out: Pdf, source: Pdf, base: int) -> list[pikepdf.OutlineItem]:
    """The part's outline, pointing at its pages in the booklet."""
    pages = {page.objgen: index for index, page in enumerate(source.pages)}

    def moved(item: pikepdf.OutlineItem) -> pikepdf.OutlineItem:
        target = item.destination
        copy = pikepdf.OutlineItem(item.title)
        if isinstance(target, Array) and len(target) and target[0].objgen in pages:
            page = out.pages[base + pages[target[0].objgen]].obj
            copy.destination = Array([page, *list(target)[1:]])
        copy.children = [moved(child) for child in item.children]
        return copy

    with source.open_outline() as found:
        return [moved(item) for item in found.root]


def _link_contents(out: Pdf) -> None:
    """Make the contents' `guide-page:N` links go to page N of the booklet."""
    for page in out.pages:
        for annotation in page.obj.get("/Annots", []):
            action = annotation.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            if uri.startswith(PAGE_LINK):
                target = out.pages[int(uri.removeprefix(PAGE_LINK)) - 1].obj
                annotation.A = Dictionary(
                    Type=Name.Action, S=Name.GoTo, D=Array([target, Name.XYZ, None, None, None])
                )


def _glyphs(parts: list[Part]) -> dict[str, set[int] | None]:
    """The glyphs of each font that any part uses; None when some part does not say."""
    found: dict[str, set[int] | None] = {}
    for part in parts:
        for digest, glyphs in part.glyphs.items():
            known = found.get(digest, set())
            found[digest] = None if known is None or glyphs is None else known | set(glyphs)
    return found


def _share_fonts(out: Pdf, folder: Path, glyphs: dict[str, set[int] | None]) -> list[Pdf]:
    """Put back the fonts set aside, one copy of each for the whole booklet, cut down to
    `glyphs`. Returns the font files opened, to keep open until the booklet is saved."""
    kept: dict[str, pikepdf.Object] = {}
    opened: list[Pdf] = []
    for resources in _resources(out):
        fonts = resources.get("/Font")
        for name in sorted(fonts.keys()) if fonts is not None else []:  # keys(): a set
            if "/GuideFont" not in fonts[name]:
                continue
            digest = str(fonts[name].GuideFont)
            if digest not in kept:
                try:
                    opened.append(Pdf.open(folder / f"{digest}.pdf"))
                except FileNotFoundError:
                    raise FontsLost(f"fonts are missing from {folder}; build again with "
                                    "--no-cache, or delete the cache folder") from None
                kept[digest] = out.copy_foreign(opened[-1].Root.GuideFont)
                if (used := glyphs.get(digest)) is not None:
                    _subset(kept[digest], used, folder, digest)
            fonts[name] = kept[digest]
    return opened


def _subset(font: pikepdf.Object, glyphs: set[int], folder: Path, digest: str) -> None:
    """Cut the font's file down to `glyphs`, each keeping its number (the text refers to
    glyphs by number), as WeasyPrint does for a single PDF, and say which they are where
    the font says (its CIDSet). Kept in `folder` for next time."""
    descriptor = font.DescendantFonts[0].FontDescriptor
    stream = descriptor.get("/FontFile2")
    if stream is None:
        return  # not TrueType: left whole
    name = f"{digest}-{hashlib.sha256(repr(sorted(glyphs)).encode()).hexdigest()[:16]}.ttf"
    try:
        data = (folder / name).read_bytes()
    except FileNotFoundError:
        cut = subset(stream.read_bytes(), glyphs)
        if cut is None:
            return  # not a font HarfBuzz can cut: left whole
        _keep(folder, name, data := cut)
    stream.write(data)
    stream.Length1 = len(data)
    if "/CIDSet" in descriptor:  # PDF/A-1: the glyphs the font holds, one bit each
        bits = bytearray(max(glyphs) // 8 + 1)
        for glyph in glyphs:
            bits[glyph // 8] |= 0x80 >> glyph % 8
        descriptor.CIDSet.write(bytes(bits))


class FontsLost(Exception):
    """A cached part needs a font that is no longer in the cache."""


def _digest(pdf: Pdf, obj: pikepdf.Object, memo: dict[tuple[int, int], str]) -> str:
    """A hash of an object's content, references followed: equal for equal fonts."""
    key = obj.objgen
    if key != (0, 0) and key in memo:
        return memo[key]
    stream = isinstance(obj, pikepdf.Stream)
    text = (obj.stream_dict if stream else obj).unparse(resolved=True)
    hashed = hashlib.sha256(_REFERENCE.sub(
        lambda m: _digest(pdf, pdf.get_object(int(m[1]), int(m[2])), memo).encode(), text))
    if stream:
        hashed.update(obj.read_raw_bytes())
    memo[key] = hashed.hexdigest()
    return memo[key]


class _Tree:
    """The booklet's tag tree: one Document element holding each part's elements."""

    def __init__(self, out: Pdf) -> None:
        self.out = out
        self.document = out.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document,
                                                     K=Array()))
        self.nums = Array()
        self.next = 0
        self.namespaces: pikepdf.Object | None = None

    def join(self, source: Pdf, base: int) -> None:
        """Add `source`'s tree; its pages are the booklet's from `base` on."""
        root = source.Root.get("/StructTreeRoot")
        if root is None:
            return
        offset = self.next
        nums = root.ParentTree.Nums
        for i in range(0, len(nums), 2):
            self.nums.append(int(nums[i]) + offset)
            self.nums.append(_copy(self.out, source, nums[i + 1]))
            self.next = max(self.next, offset + int(nums[i]) + 1)
        for page in self.out.pages[base:base + len(source.pages)]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
        kids = root.K if isinstance(root.K, Array) else Array([root.K])
        for top in kids:
            inner = top.get("/K", Array())
            for kid in inner if isinstance(inner, Array) else [inner]:
                if isinstance(kid, Dictionary):
                    copy = _copy(self.out, source, kid)
                    copy.P = self.document
                    if "/Lang" in source.Root:  # each part's, a topic's own language
                        copy.Lang = source.Root.Lang
                    self.document.K.append(copy)
        if self.namespaces is None and "/Namespaces" in root:
            self.namespaces = _copy(self.out, source, root.Namespaces)

    def finish(self) -> None:
        root = self.out.make_indirect(Dictionary(
            Type=Name.StructTreeRoot, K=self.document,
            ParentTree=self.out.make_indirect(Dictionary(Nums=self.nums)),
            ParentTreeNextKey=self.next,
        ))
        if self.namespaces is not None:
            root.Namespaces = self.namespaces
        self.document.P = root
        self.out.Root.StructTreeRoot = root
