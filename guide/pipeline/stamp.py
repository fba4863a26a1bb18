"""Stamps: a build that has nothing to do finds out before it imports anything heavy.

After a build that succeeded with the cache on, a stamp in `<out>/.guide-stamps/` records
the command's options, the state (size, modification time, inode) of every file the build
could have read, taken before it read them, the state of every file it wrote, and what it
printed. The same command run again with every one of those unchanged prints the same
warnings and reports every file as cached, as the full rebuild would, without loading a
topic (as `ninja` and `make` decide from file states, not contents).

What a build may read: the topics named and every file beside them (a topic compares with
the topics in its folder), guide.yaml and the folders above up to it, the project's and
the package's styles, templates and images, guide's own code and translations, and the
folders of the Python path (installing or removing a package changes them). Today's date
and the environment variables guide reads are part of the command. A file changed within
the second before the build started is too recent to judge by its time, so no stamp is
left then (git's "racy" entries). Any doubt means a full build, which leaves a new stamp.

This module imports only the standard library: it runs before guide's own imports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

FOLDER = ".guide-stamps"
FORMAT = 1
RACY_NS = 1_000_000_000  # a file changed this close before the build is not stamped
ENVIRONMENT = ("SOURCE_DATE_EPOCH",)  # and every GUIDE_ variable

State = tuple[int, int, int] | None  # size, modification time (ns), inode; None: absent


@dataclass
class Replay:
    """What the stamped build printed: its problems (severity, text), its progress lines
    (what, status) and the files it reported, in order."""

    problems: list[tuple[str, str]]
    progress: list[tuple[str, str]]
    outputs: list[str]


class Stamp:
    """One command's stamp: taken before the build, written after it if it succeeded."""

    def __init__(self, options: dict[str, object], out_dir: Path, paths: Iterable[Path],
                 project_root: Path, read_roots: Iterable[Path]) -> None:
        self.started_ns = time.time_ns()
        key = json.dumps({
            "format": FORMAT, "options": options, "cwd": os.getcwd(), "python": sys.executable,
            "today": dt.date.today().isoformat(),
            "environment": {k: v for k, v in sorted(os.environ.items())
                            if k.startswith("GUIDE_") or k in ENVIRONMENT},
        }, sort_keys=True, default=str)
        self.file = out_dir / FOLDER / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.json"
        self.inputs = _inputs(paths, project_root, read_roots)

    def replay(self) -> Replay | None:
        """What to print, if the stamp is there and nothing it covers has changed."""
        try:
            stamp = json.loads(self.file.read_bytes())
        except (OSError, ValueError):
            return None
        if stamp.get("format") != FORMAT:
            return None
        outputs = stamp["outputs"]
        inputs = {k: v for k, v in self.inputs.items() if k not in outputs}
        if inputs != {k: _state(v) for k, v in stamp["inputs"].items()}:
            return None
        if any(_state(state) != _stat(Path(path)) for path, state in outputs.items()):
            return None
        return Replay([tuple(p) for p in stamp["problems"]],
                      [tuple(p) for p in stamp["progress"]], stamp["reported"])

    def record(self, replay: Replay, outputs: Iterable[Path]) -> None:
        """Leave the stamp for a build that succeeded, writing `outputs`; none when an input
        changed too recently to judge, or an output is not there."""
        written = {str(p.resolve()): _stat(p) for p in outputs}
        if any(state is None for state in written.values()):
            return
        if any(state is not None and state[1] > self.started_ns - RACY_NS
               for path, state in self.inputs.items() if path not in written):
            return
        inputs = {k: v for k, v in self.inputs.items() if k not in written}
        stamp = {"format": FORMAT, "inputs": inputs, "outputs": written,
                 "problems": replay.problems, "progress": replay.progress,
                 "reported": replay.outputs}
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", dir=self.file.parent, delete=False,
                                             prefix=".stamp.", encoding="utf-8") as out:
                json.dump(stamp, out)
            os.replace(out.name, self.file)
        except OSError:
            return  # a stamp is an optimisation: a read-only folder just goes without


def _state(value: list[int] | None) -> State:
    return None if value is None else (value[0], value[1], value[2])


def _stat(path: Path) -> State:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns, found.st_ino


def _inputs(paths: Iterable[Path], root: Path, read_roots: Iterable[Path]) -> dict[str, State]:
    """The state of every file and folder the build may read (see the module's text)."""
    states: dict[str, State] = {}

    def add(path: Path) -> None:
        states[str(path.resolve())] = _stat(path)

    for path in paths:
        folder = path if path.is_dir() else path.parent
        add(path)
        add(folder)
        for entry in _files(folder):
            add(entry)
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        add(folder / "guide.yaml")
        if folder == root:
            break
    roots = list(read_roots)  # each walked once, though one holds another (the templates)
    for top in (t for t in roots if not any(t != r and t.is_relative_to(r) for r in roots)):
        add(top)
        for entry in _walk(top):
            add(entry)
    for entry in sys.path:
        if entry and Path(entry).is_dir():
            add(Path(entry))
    return states


def _files(folder: Path) -> list[Path]:
    """The files in `folder` (its sub-folders, such as the output, are not topics)."""
    try:
        return sorted(Path(e.path) for e in os.scandir(folder) if e.is_file())
    except OSError:
        return []


def _walk(top: Path) -> Iterator[Path]:
    """Every file and folder under `top`, but Python's bytecode."""
    for folder, folders, files in os.walk(top):
        folders[:] = [f for f in folders if f != "__pycache__"]
        for name in folders + files:
            yield Path(folder, name)
