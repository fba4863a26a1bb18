"""The press server: a process that loads WeasyPrint while the command is still reading and
rendering its topics, and from which every worker is then forked (multiprocessing's
forkserver, preloading `guide.press.warm` and the worker's own module).

Without it a one-sheet build paid guide's start, then WeasyPrint's import, then the layout,
one after the other; with it the first two run at once, on two cores. Workers forked from
the server carry their task by pickle (which tasks can: see `guide.pipeline.executors`),
not by sharing the command's memory. A process that never starts the server forks its
workers from itself, as tests, the watcher and cluster workers do. The runner stops the
server once no job left lays anything out, before a booklet's join.

This module imports nothing of guide's, so that the command starts the server first.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import signal
import sys
from multiprocessing import forkserver
from multiprocessing.context import BaseContext
from pathlib import Path

_STARTED: list[BaseContext] = []


def start(warm: bool = False) -> None:
    """Start the server (once per process) where the platform has one; later workers are
    forked from it, and with `warm` (for builds of many documents) after it has printed a
    warm-up page. It is stopped when this process ends, even half-way through its import,
    so that a build that had nothing to lay out never waits for it."""
    if _STARTED or "forkserver" not in multiprocessing.get_all_start_methods():
        return
    if not _main_is_guides():
        return  # the server would run a script's top level again, unguarded or not
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", "guide.pipeline.worker", "guide.press.warm",
                                    *(["guide.press.warmed"] if warm else [])])
    forkserver.ensure_running()
    _STARTED.append(context)
    atexit.register(_stop)


def _main_is_guides() -> bool:
    """Whether the program is guide's command (the console script or `python -m guide`),
    or has no file (`python -c`): what the server may import as its `__main__`. A script
    of a user's that calls `guide.cli.main()` forks its workers from itself instead."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    spec = getattr(main, "__spec__", None)
    return (path is None or Path(path).name == "guide"
            or (spec is not None and spec.name.partition(".")[0] == "guide"))


def context() -> BaseContext:
    """Where workers come from: the server, if started, else a fork of this process."""
    return _STARTED[0] if _STARTED else multiprocessing.get_context("fork")


def started() -> bool:
    """Whether workers come from the server (so this process need not load WeasyPrint)."""
    return bool(_STARTED)


def stop() -> None:
    """Stop the server once nothing is left to lay out (a booklet's join and imposition
    need no worker), so that its memory is not held while the booklet is put together;
    workers needed after all would be forked from this process."""
    if _STARTED:
        _stop()
        _STARTED.clear()


def _stop() -> None:
    # The server holds this process's standard output and error: a caller reading them to
    # the end would wait for its import to finish. The standard library asks it to stop
    # only between requests, so it is ended here.
    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    if pid is not None:
        with contextlib.suppress(ProcessLookupError):  # ended already
            os.kill(pid, signal.SIGKILL)
