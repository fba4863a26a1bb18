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

from guide.pdf import Printed, print_pdf
from guide.resources import Project

PAGE_LINK = "guide-page:"  # the contents' links, as printed: guide-page:<booklet page>
_REFERENCE = re.compile(rb"(\d+) (\d+) R")


def print_part(html: str, project: Project, name: str, epoch: int, fonts: Path) -> Printed:
    """One part of a booklet printed with whole fonts, set aside in `fonts`."""
    printed = print_pdf(html, project, name, epoch, whole_fonts=True)
    printed.data = set_fonts_aside(printed.data, fonts)
    return printed


def set_fonts_aside(data: bytes, folder: Path) -> bytes:
    """`data` with each embedded font file replaced by a mark naming it, the file kept in
    `folder` by the hash of its bytes (once, however many parts use it)."""
    pdf = Pdf.open(io.BytesIO(data))
    for obj in pdf.objects:
        if not isinstance(obj, Dictionary) or obj.get("/Type") != "/FontDescriptor":
            continue
        for key in ("/FontFile", "/FontFile2", "/FontFile3"):
            if key in obj:
                stream = obj[key]
                raw = stream.read_raw_bytes()
                name = hashlib.sha256(raw).hexdigest()
                if not (folder / name).exists():
                    _keep(folder, name, raw)
                filters = stream.get("/Filter")
                stream.write(b"")
                stream.GuideFont = pikepdf.String(name)
                if filters is not None:
                    stream.GuideFilter = filters
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()


def _keep(folder: Path, name: str, data: bytes) -> None:
    """Write `folder/name` whole; parts printed at once may write the same font together."""
    with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{name}.", delete=False) as out:
        out.write(data)
    os.replace(out.name, folder / name)


@dataclass
class Part:
    """A printed part and where it goes: `data` from `set_fonts_aside`; `blank_before`
    empty pages to put before it (a right-hand start in duplex)."""

    data: bytes
    blank_before: int = 0


def assemble(parts: list[Part], numbers: list[bytes], numbered: list[int],
             fonts: Path) -> bytes:
    """One PDF of `parts` in order, with the pages of `numbers` (the page-number parts, one
    page per entry of `numbered`, the 0-based booklet pages that carry a number) laid over.

    The document's title, language and metadata come from the first part.
    """
    out = Pdf.new()
    sources = [Pdf.open(io.BytesIO(part.data)) for part in parts]
    first = sources[0]
    tree = _Tree(out)
    outline: list[pikepdf.OutlineItem] = []
    for part, source in zip(parts, sources, strict=True):
        for _ in range(part.blank_before):
            box = out.pages[-1].mediabox if len(out.pages) else first.pages[0].mediabox
            out.add_blank_page(page_size=(float(box[2]), float(box[3])))
        base = len(out.pages)
        out.pages.extend(source.pages)
        outline += _outline(out, source, base)
        tree.join(source, base)
    _link_contents(out)
    stamps = [Pdf.open(io.BytesIO(data)) for data in numbers]
    stamp_pages = [page for stamp in stamps for page in stamp.pages]
    for index, stamp in zip(numbered, stamp_pages, strict=True):
        out.pages[index].add_overlay(stamp)
    _share_fonts(out, fonts)

    with out.open_outline() as tree_of_contents:
        tree_of_contents.root.extend(outline)
    for key in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata"):
        if key in first.Root:
            out.Root[key] = _copy(out, first, first.Root[key])
    out.Root.PageMode = Name.UseOutlines
    out.docinfo = _copy(out, first, first.docinfo)
    tree.finish()
    buffer = io.BytesIO()
    out.save(buffer, deterministic_id=True,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue()


def _copy(out: Pdf, source: Pdf, obj: pikepdf.Object) -> pikepdf.Object:
    """`obj` of `source` copied into `out`, with what it refers to."""
    if not isinstance(obj, Dictionary | Array):
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


def _share_fonts(out: Pdf, folder: Path) -> None:
    """Every part carries the same fonts: keep one of each and put its file back."""
    digests: dict[tuple[int, int], str] = {}
    kept: dict[str, pikepdf.Object] = {}

    def fonts_of(resources: pikepdf.Object) -> None:
        fonts = resources.get("/Font")
        if fonts is not None:
            for name in list(fonts.keys()):
                font = fonts[name]
                digest = _digest(out, font, digests)
                fonts[name] = kept.setdefault(digest, font)
        for xobject in resources.get("/XObject", {}).values():
            if "/Resources" in xobject:
                fonts_of(xobject.Resources)

    for page in out.pages:
        if "/Resources" in page.obj:
            fonts_of(page.obj.Resources)
    for font in kept.values():
        for descendant in font.get("/DescendantFonts", []):
            descriptor = descendant.get("/FontDescriptor", {})
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                stream = descriptor.get(key)
                if stream is not None and "/GuideFont" in stream:
                    raw = (folder / str(stream.GuideFont)).read_bytes()
                    stream.write(raw, filter=stream.get("/GuideFilter"), type_check=False)
                    del stream.GuideFont
                    if "/GuideFilter" in stream:
                        del stream.GuideFilter


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
