"""The only way WeasyPrint reaches files: the project's (styles, templates, images) and the
package's, and `data:` URIs.

Nothing else on disk is read and no network connection is ever opened.
"""

from __future__ import annotations

import mimetypes
import warnings
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

from guide.errors import Problem, Severity
from guide.source.css import urls

MAX_RESOURCE_BYTES = 20_000_000


def weasyprint() -> ModuleType:
    """Import WeasyPrint (slow: only when a PDF is really made)."""
    with warnings.catch_warnings():
        # WeasyPrint warns at import when the system lacks libharfbuzz-subset; it still works.
        warnings.filterwarnings("ignore", "HarfBuzz-Subset", DeprecationWarning)
        import weasyprint
    return weasyprint


def make_fetcher(roots: tuple[Path, ...]) -> URLFetcher:
    """A WeasyPrint URL fetcher confined to `roots`.

    A refused URL raises URLFetchingError, which WeasyPrint logs as a warning naming it.
    """
    weasyprint()
    from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

    class SafeFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)

        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = allowed_file(url, roots)
                if path is not None:
                    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(
                        url, path.read_bytes(), headers={"Content-Type": content_type}
                    )
            raise URLFetchingError(f"refused to load {url}: {REFUSAL}")

    return SafeFetcher()


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
