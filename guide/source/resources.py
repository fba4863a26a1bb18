"""Where a project's files and the built-in styles and templates live."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
# An installed wheel carries the styles inside the package; a source checkout beside it.
BUILTIN_STYLES = next(p for p in (PACKAGE / "styles", PACKAGE.parent / "styles") if p.is_dir())
BUILTIN_TEMPLATES = PACKAGE / "templates"
CONFIG_NAME = "guide.yaml"


@dataclass(frozen=True)
class Project:
    """A project folder: `guide.yaml`, `data/`, and optional `styles/`, `templates/` and
    `images/`."""

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
    def images(self) -> Path:
        """`images/`: the pictures that topics' figures name."""
        return self.root / "images"

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
        """The folders whose files a document may load: styles, templates and the figures'
        images, the project's and the package's. Not the whole project folder, which may be
        a home folder."""
        folders = (self.styles, self.templates, self.images, BUILTIN_STYLES, BUILTIN_TEMPLATES)
        return tuple(folder.resolve() for folder in folders)
