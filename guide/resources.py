"""Where a project's files and the built-in styles and templates live, and the only way in to them.

WeasyPrint fetches stylesheets, fonts and images through `SafeFetcher`: files of the project
and of the package, and `data:` URIs; nothing else on disk and never the network.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcherResponse

PACKAGE = Path(__file__).resolve().parent
# An installed wheel carries the styles inside the package; a source checkout beside it.
BUILTIN_STYLES = next(p for p in (PACKAGE / "styles", PACKAGE.parent / "styles") if p.is_dir())
BUILTIN_TEMPLATES = PACKAGE / "templates"
MAX_RESOURCE_BYTES = 20_000_000
CONFIG_NAME = "guide.yaml"


@dataclass(frozen=True)
class Project:
    """A project folder: `guide.yaml`, `data/`, and optional `styles/` and `templates/`."""

    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The nearest folder upwards holding `guide.yaml`, else `start` (the working folder)."""
        start = (start or Path.cwd()).resolve()
        for folder in (start, *start.parents):
            if (folder / CONFIG_NAME).is_file():
                return cls(folder)
        return cls(start)

    @property
    def config(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def styles(self) -> Path:
        return self.root / "styles"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def builtin_styles(self) -> Path:
        return BUILTIN_STYLES

    def stylesheet(self, kind: str, name: str) -> Path | None:
        """`styles/<kind>/<name>.css`, the project's own before the built-in one."""
        for styles in (self.styles, BUILTIN_STYLES):
            if (path := styles / kind / f"{name}.css").is_file():
                return path
        return None

    def roots(self) -> tuple[Path, ...]:
        """The folders whose files a document may load."""
        return (self.root.resolve(), BUILTIN_STYLES.resolve(), BUILTIN_TEMPLATES.resolve())


def make_fetcher(roots: tuple[Path, ...], refused: list[str]):
    """A WeasyPrint URL fetcher confined to `roots`; each refused URL is appended to `refused`."""
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
            refused.append(url)
            raise URLFetchingError(f"refused to load {url}: only the project's own files")

        @staticmethod
        def _allowed_file(url: str) -> Path | None:
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                return None
            try:
                path = Path(url2pathname(unquote(parts.path))).resolve(strict=True)
            except (OSError, RuntimeError, ValueError):
                return None
            inside = any(path.is_relative_to(root) for root in roots)
            if inside and path.is_file() and path.stat().st_size <= MAX_RESOURCE_BYTES:
                return path
            return None

    return SafeFetcher()
