"""A content-addressed cache of printed sheets, so that an unchanged sheet is not laid out again.

The key covers everything that affects the bytes: the sheet's HTML (topic, the topic it
compares with, audience, templates), every file of the built-in and the project's styles
(themes, audience CSS, fonts), the PDF options, and the versions of guide and WeasyPrint.
The cache is one folder and may be deleted at any time.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path

from guide.press.pdf import Printed, write_atomic
from guide.press.readiness import Finding
from guide.source.resources import BUILTIN_STYLES, BUILTIN_TEMPLATES, Project

FOLDER_NAME = ".guide-cache"


class Cache:
    """Printed sheets by key under `folder`."""

    def __init__(self, folder: Path, project: Project) -> None:
        self.folder = folder
        salt = hashlib.sha256()
        salt.update(f"guide {version('guide')} weasyprint {version('weasyprint')}".encode())
        for root in (BUILTIN_STYLES, BUILTIN_TEMPLATES, project.styles, project.templates):
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                salt.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
        self._salt = salt.hexdigest()

    def key(self, html: str, *options: object) -> str:
        digest = hashlib.sha256(self._salt.encode())
        digest.update(html.encode())
        digest.update(repr(options).encode())
        return digest.hexdigest()

    def get(self, key: str) -> Printed | None:
        pdf, meta = self.folder / f"{key}.pdf", self.folder / f"{key}.json"
        try:
            data, info = pdf.read_bytes(), json.loads(meta.read_text())
            whole = info["sha256"] == hashlib.sha256(data).hexdigest()
        except (OSError, ValueError, TypeError, KeyError):  # KeyError: from an older guide
            return None
        if not whole:  # truncated or overwritten since: laid out again, never printed
            return None
        findings = [Finding(page, message) for page, message in info["findings"]]
        return Printed(data, info["pages"], info["warnings"], findings, info["glyphs"])

    def put(self, key: str, printed: Printed) -> None:
        info = {
            "pages": printed.pages,
            "warnings": printed.warnings,
            "findings": [[f.page, f.message] for f in printed.findings],
            "glyphs": printed.glyphs,
            "sha256": hashlib.sha256(printed.data).hexdigest(),
        }
        try:
            write_atomic(self.folder / f"{key}.pdf", printed.data)
            write_atomic(self.folder / f"{key}.json", json.dumps(info).encode())
        except OSError:
            pass  # a cache that cannot be written only costs time
