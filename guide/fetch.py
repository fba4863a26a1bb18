"""The only way WeasyPrint reaches files: the project's and the package's, and `data:` URIs.

Nothing else on disk is read and no network connection is ever opened.
"""

from __future__ import annotations

import mimetypes
import warnings
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from urllib.request import url2pathname

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

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
                path = self._allowed_file(url)
                if path is not None:
                    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(
                        url, path.read_bytes(), headers={"Content-Type": content_type}
                    )
            raise URLFetchingError(
                f"refused to load {url}: only the styles and templates of the project and guide"
            )

        @staticmethod
        def _allowed_file(url: str) -> Path | None:
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                return None
            try:
                path = Path(url2pathname(parts.path)).resolve(strict=True)
            except (OSError, RuntimeError, ValueError):
                return None
            inside = any(path.is_relative_to(root) for root in roots)
            if inside and path.is_file() and path.stat().st_size <= MAX_RESOURCE_BYTES:
                return path
            return None

    return SafeFetcher()
