"""Figures: the pictures in a project's `images/` folder that sections print.

A figure's file is checked before anything is laid out, so that a wrong name is an error at
its line in the topic rather than a warning from WeasyPrint: it must lie inside `images/`
(no `..`, no absolute path, no link leading out), exist, be no larger than
MAX_FIGURE_BYTES and MAX_FIGURE_PIXELS, and hold the kind of picture its name says, as
its first bytes show (Pillow for PNG and JPEG, an XML parse for SVG). Nothing outside
`images/` is opened. WeasyPrint then loads it through the fetcher boundary
(`guide.press.fetch`), whose roots include `images/`.
"""

from __future__ import annotations

import difflib
import hashlib
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from xml.etree import ElementTree

from guide.errors import GuideError, Problem
from guide.source.load import Document

# A phone photo is 3 to 8 MB and 12 to 48 megapixels; a larger file only slows the build
# (and a 10,000 x 10,000 PNG takes 400 MB to decode). Save such pictures smaller.
MAX_FIGURE_BYTES = 10_000_000
MAX_FIGURE_PIXELS = 50_000_000

KINDS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".svg": "SVG"}
SUFFIX_OF = {"PNG": ".png", "JPEG": ".jpg", "SVG": ".svg"}
_SVG = "{http://www.w3.org/2000/svg}svg"


@dataclass(frozen=True)
class Picture:
    """A checked figure file: where it is, and a digest of its bytes, which the HTML carries
    so that the build cache sees a picture change."""

    path: Path
    digest: str

    @property
    def url(self) -> str:
        return self.path.as_uri()


def find_picture(name: str, images: Path) -> Picture:
    """The picture `name` names, relative to `images`, checked; ValueError says why not."""
    shown = f"images/{name}"
    given = PurePosixPath(name.replace("\\", "/"))
    if given.is_absolute() or PureWindowsPath(name).drive or ".." in given.parts:
        raise ValueError(f"{name!r} is outside the project's images/ folder; put the picture "
                         "in images/ and give its name from there (such as map.png)")
    if not images.is_dir():
        raise ValueError(f"there is no images/ folder in the project ({images}); make it "
                         f"and put {name} in it")
    root = images.resolve()
    try:
        path = (root / given).resolve(strict=True)
    except (OSError, RuntimeError):
        raise ValueError(f"no picture {shown}{_did_you_mean(given, root)}") from None
    if not path.is_relative_to(root):
        raise ValueError(f"{shown} is a link to a file outside images/; copy the picture "
                         "itself into images/")
    if not path.is_file():
        raise ValueError(f"{shown} is a folder, not a picture")
    size = path.stat().st_size
    if size > MAX_FIGURE_BYTES:
        raise ValueError(f"{shown} is {size:,} bytes; a figure may be at most "
                         f"{MAX_FIGURE_BYTES // 1_000_000} MB: save it smaller")
    expected = KINDS.get(given.suffix.lower())
    if expected is None:
        raise ValueError(f"{shown} is not a PNG, JPEG or SVG picture (by its name); "
                         "save it as .png, .jpg or .svg")
    data = path.read_bytes()
    found = _kind(data)
    if found is None:
        raise ValueError(f"{shown} is not a picture: its content is not PNG, JPEG or SVG")
    if found != expected:
        raise ValueError(f"{shown} holds a {found} picture, not {expected}; rename it "
                         f"{PurePosixPath(name).stem}{SUFFIX_OF[found]}")
    if found != "SVG":
        _check_raster(data, shown)
    return Picture(path, hashlib.sha256(data).hexdigest())


def figure_problems(doc: Document, images: Path) -> list[Problem]:
    """Each figure of a loaded topic whose file `find_picture` refuses, at its `file` line.
    Read from the raw data, so that they are reported with the file's other problems."""
    sections = doc.data.get("sections")
    problems = []
    for index, section in enumerate(sections if isinstance(sections, list) else []):
        figure = section.get("figure") if isinstance(section, dict) else None
        name = figure.get("file") if isinstance(figure, dict) else None
        if not isinstance(name, str) or not name.strip():
            continue  # the model reports it
        try:
            find_picture(name, images)
        except ValueError as exc:
            problems.append(doc.problem(("sections", index, "figure", "file"), str(exc)))
    return problems


def picture(name: str, images: Path) -> Picture:
    """`find_picture` for the templates: a refusal (a file changed since it was checked)
    is a GuideError, not a traceback."""
    try:
        return find_picture(name, images)
    except ValueError as exc:
        raise GuideError([Problem(None, str(exc))]) from None


def _kind(data: bytes) -> str | None:
    """PNG, JPEG or SVG, as the bytes themselves say (not the name)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    try:
        root = ElementTree.fromstring(data)  # expat: entities are not fetched or exploded
    except (ElementTree.ParseError, ValueError):
        return None
    return "SVG" if root.tag in (_SVG, "svg") else None


def _check_raster(data: bytes, shown: str) -> None:
    """A PNG or JPEG of at most MAX_FIGURE_PIXELS that Pillow reads without fault."""
    from io import BytesIO

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data))
            pixels = image.width * image.height
            if pixels <= MAX_FIGURE_PIXELS:
                image.verify()
    except Image.DecompressionBombError:
        pixels = MAX_FIGURE_PIXELS + 1
    except Exception:  # Pillow's errors for a damaged file are of many kinds
        raise ValueError(f"{shown} is damaged: it cannot be read as a picture") from None
    if pixels > MAX_FIGURE_PIXELS:
        raise ValueError(f"{shown} has more than {MAX_FIGURE_PIXELS // 1_000_000} million "
                         "pixels; save it smaller")


def _did_you_mean(given: PurePosixPath, root: Path) -> str:
    within = PurePosixPath(*given.parts[1:]) if len(given.parts) > 1 else None
    if given.parts[0] == "images" and within and (root / within).is_file():
        return f"; names are relative to images/: write {str(within)!r}"
    folder = root / given.parent
    names = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    close = difflib.get_close_matches(given.name, names, n=1, cutoff=0.75)
    if close:
        return f"; did you mean {str(given.parent / close[0]).removeprefix('./')!r}?"
    return "; put the picture in images/, or correct the name"
