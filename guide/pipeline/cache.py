"""A content-addressed cache of printed sheets, so that an unchanged sheet is not laid out again.

The key covers everything that affects the bytes: the sheet's HTML (topic, the topic it
compares with, audience, templates), or what the HTML is made from (see
`guide.pipeline.runner.Run.inputs`); every file of the built-in and the project's styles
(themes, audience CSS, fonts), templates and pictures (images/); guide's own code; the PDF
options; and the versions of guide and WeasyPrint.

The cache lives in a folder or at any fsspec URL (`cache:` in guide.yaml: a team's share,
`s3://...`), so that it may be shared. Each entry is one file that starts with the hash of
the rest, checked when it is read: a corrupt or truncated entry is a miss and is written
again, never used. The cache may be deleted at any time.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

from guide.press.pdf import Printed
from guide.press.readiness import Finding
from guide.source.resources import BUILTIN_STYLES, BUILTIN_TEMPLATES, PACKAGE, Project

FOLDER_NAME = ".guide-cache"
# The digests of the files in every key (4.7 MB of fonts among them), by path, with the
# size, modification time and inode they were taken at: a file is hashed again only when
# one of these has changed, not on every build.
DIGESTS = "package-digests"  # beside the entries: package-digests.digests


def cache_location(project: Project, given: str | None) -> str:
    """Where the project's cache lives: `given` (guide.yaml's `cache:`) as an fsspec URL, or
    as a folder relative to guide.yaml; by default `.guide-cache` in the project."""
    if given and "://" in given:
        return given
    return str(project.root / (given or FOLDER_NAME))


class Cache:
    """Printed sheets by key at `location`, a folder or an fsspec URL."""

    def __init__(self, location: str | Path, project: Project) -> None:
        from fsspec.core import url_to_fs

        self.location = str(location)
        self.fs, self.root = url_to_fs(self.location)
        salt = hashlib.sha256()
        salt.update(f"guide {version('guide')} weasyprint {version('weasyprint')}".encode())
        found = self.read(DIGESTS)
        known = found[0] if found else {}
        digests = {}
        for root, files in ((PACKAGE, "*.py"), (BUILTIN_STYLES, "*"), (BUILTIN_TEMPLATES, "*"),
                            (project.styles, "*"), (project.templates, "*"),
                            (project.images, "*")):
            for path in sorted(p for p in root.rglob(files) if p.is_file()):
                digests[str(path.resolve())] = digest = _digest(path, known)
                salt.update(str(path.relative_to(root)).encode() + b"\0" + digest[-1].encode())
        self._salt = salt.hexdigest()
        # Kept with the first entry: a build that prints nothing leaves no cache behind.
        self._digests = digests if digests != known else None
        # The HTML names files by this machine's paths; the key does not, so that a shared
        # cache serves checkouts in other folders.
        self._places = [(project.root.resolve().as_uri(), "project:"),
                        (BUILTIN_STYLES.as_uri(), "guide-styles:"),
                        (BUILTIN_TEMPLATES.as_uri(), "guide-templates:")]

    @property
    def folder(self) -> Path | None:
        """The cache's folder, where it is one on this machine."""
        from fsspec.implementations.local import LocalFileSystem

        return Path(self.root) if isinstance(self.fs, LocalFileSystem) else None

    def key(self, html: str, *options: object) -> str:
        for uri, name in self._places:
            html = html.replace(uri, name)
        digest = hashlib.sha256(self._salt.encode())
        digest.update(html.encode())
        digest.update(repr(options).encode())
        return digest.hexdigest()

    def get(self, key: str) -> Printed | None:
        found = self.read(key)
        if found is None:
            return None
        info, data = found
        try:
            findings = [Finding(page, message) for page, message in info["findings"]]
            return Printed(data, info["pages"], info["warnings"], findings, info["glyphs"])
        except (KeyError, TypeError, ValueError):  # written by another guide
            return None

    def put(self, key: str, printed: Printed) -> None:
        self.write(key, printed.data, {
            "pages": printed.pages,
            "warnings": printed.warnings,
            "findings": [[f.page, f.message] for f in printed.findings],
            "glyphs": printed.glyphs,
        })

    def read(self, key: str) -> tuple[dict[str, Any], bytes] | None:
        """The entry's information and bytes, if it is there whole."""
        try:
            blob = self.fs.cat_file(self._path(key))
        except (OSError, ValueError):
            return None
        check, _, rest = blob.partition(b"\n")
        if hashlib.sha256(rest).hexdigest().encode() != check:
            return None  # corrupt or truncated: laid out again and written anew
        head, _, data = rest.partition(b"\n")
        try:
            return json.loads(head), data
        except ValueError:
            return None

    def write(self, key: str, data: bytes, info: dict[str, Any] | None = None) -> None:
        """Keep `data` and `info` under `key`; a cache that cannot be written only costs
        time, and a write cut short is caught when read."""
        if self._digests is not None and key != DIGESTS:
            digests, self._digests = self._digests, None
            self.write(DIGESTS, b"", digests)
        rest = json.dumps(info or {}).encode() + b"\n" + data
        try:
            self.fs.mkdirs(self.root, exist_ok=True)
            self.fs.pipe_file(self._path(key), hashlib.sha256(rest).hexdigest().encode()
                              + b"\n" + rest)
        except (OSError, ValueError):
            pass

    def _path(self, key: str) -> str:
        """An entry's file; the digests' stand apart from the entries, named as they are."""
        return f"{self.root.rstrip('/')}/{key}" + (".digests" if key == DIGESTS else ".entry")


def _digest(path: Path, known: dict[str, Any]) -> list[Any]:
    """[size, mtime_ns, inode, sha256] of `path`: from `known` while its stat is unchanged."""
    stat = path.stat()
    seen = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
    had = known.get(str(path.resolve()))
    if isinstance(had, list) and len(had) == 4 and had[:3] == seen:
        return had
    return [*seen, hashlib.sha256(path.read_bytes()).hexdigest()]
