"""The only way WeasyPrint reaches files: the project's (styles, templates, images) and the
package's, and `data:` URIs.

Nothing else on disk is read and no network connection is ever opened. A job that may run
on another machine carries those files by content, as a `Bundle`, and its fetcher serves
only from the bundle: the same boundary, without a shared file system.
"""

from __future__ import annotations

import hashlib
import mimetypes
import posixpath
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

from guide.errors import Problem, Severity
from guide.source.css import urls

if TYPE_CHECKING:
    from guide.source.resources import Project

MAX_RESOURCE_BYTES = 20_000_000


@cache
def weasyprint() -> ModuleType:
    """Import WeasyPrint, its fonts cut by guide's subsetter (slow: only when a PDF is
    really made; in a parent process, so that the workers forked from it start warm)."""
    with warnings.catch_warnings():
        # WeasyPrint warns at import when the system lacks libharfbuzz-subset; guide cuts
        # fonts with its own HarfBuzz (guide.press.subset).
        warnings.filterwarnings("ignore", "HarfBuzz-Subset", DeprecationWarning)
        import weasyprint
    from guide.press.subset import install

    install()
    return weasyprint


def make_fetcher(roots: tuple[Path, ...]) -> URLFetcher:
    """A WeasyPrint URL fetcher confined to `roots`.

    A refused URL raises URLFetchingError, which WeasyPrint logs as a warning naming it.
    """

    def read(url: str) -> bytes | None:
        path = allowed_file(url, roots)
        return None if path is None else path.read_bytes()

    return _fetcher(read)


def _fetcher(read: Callable[[str], bytes | None]) -> URLFetcher:
    """A fetcher of `data:` URIs and of the `file:` URLs that `read` gives bytes for."""
    weasyprint()
    from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

    class SafeFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)

        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file" and (data := read(url)) is not None:
                name = urlsplit(url).path.rsplit("/", 1)[-1]
                content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, data, headers={"Content-Type": content_type})
            raise URLFetchingError(f"refused to load {url}: {REFUSAL}")

    return SafeFetcher()


@dataclass(frozen=True, eq=False)
class Bundle:
    """The files a project's documents may load, by content: each file's path on the
    machine that made the bundle (a name only, never opened elsewhere) to its SHA-256,
    and the bytes by SHA-256. `digest` names the whole, so that an executor sends a
    bundle to each machine once."""

    base_url: str
    names: dict[str, str]
    blobs: dict[str, bytes]
    digest: str

    @classmethod
    def of(cls, project: Project) -> Bundle:
        """Every file a document of `project` may load, as `allowed_file` judges it."""
        roots = project.roots()
        names: dict[str, str] = {}
        blobs: dict[str, bytes] = {}
        for root in roots:
            for path in sorted(root.rglob("*")) if root.is_dir() else ():
                if allowed_file(path.as_uri(), roots) is None:
                    continue
                data = path.read_bytes()
                names[str(path)] = digest = hashlib.sha256(data).hexdigest()
                blobs[digest] = data
        whole = hashlib.sha256(repr(sorted(names.items())).encode())
        return cls(project.root.resolve().as_uri() + "/", names, blobs, whole.hexdigest())

    def read(self, url: str) -> bytes | None:
        """The bytes of the file a `file:` URL names, if the bundle holds it; no disk read.
        The path is made normal by its text alone (`..` taken out), as no file is there."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        digest = self.names.get(posixpath.normpath(url2pathname(parts.path)))
        return None if digest is None else self.blobs[digest]

    def fetcher(self) -> URLFetcher:
        """A WeasyPrint URL fetcher that serves this bundle's files and nothing else."""
        return _fetcher(self.read)

    def __dask_tokenize__(self) -> str:
        return self.digest


REFUSAL = "only the styles, templates and images of the project and guide may be loaded"


def allowed_file(url: str, roots: tuple[Path, ...]) -> Path | None:
    """The regular file a `file:` URL names, if it lies inside `roots` once decoded and
    resolved (symlinks and `..` included) and is not too large; else None."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    try:
        path = Path(url2pathname(parts.path)).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return None
    inside = any(path.is_relative_to(root) for root in roots)
    if inside and path.is_file() and path.stat().st_size <= MAX_RESOURCE_BYTES:
        return path
    return None


def stylesheet_problems(css: Path, roots: tuple[Path, ...]) -> list[Problem]:
    """Every url() and @import of a stylesheet that the fetcher would refuse, named with the
    stylesheet's file and line, so that a user learns which file asked."""
    import tinycss2

    problems = []
    for token, url in urls(tinycss2.parse_stylesheet(css.read_text(errors="replace"))):
        absolute = urljoin(css.resolve().as_uri(), url.strip())
        if urlsplit(absolute).scheme.lower() == "data" or allowed_file(absolute, roots):
            continue
        problems.append(Problem(css, f"refused to load {url.strip()!r}: {REFUSAL}",
                                token.source_line, severity=Severity.WARNING))
    return problems
