"""Each sheet is laid out in a child process under a time and a memory limit, so that a
pathological layout fails that one sheet, clearly, instead of hanging or sinking the batch.

The child is forked from the press server (`guide.pipeline.press_server`) where the command
started one, else from this process, which has then already imported WeasyPrint: either
way it starts warm.
"""

from __future__ import annotations

import gc
import multiprocessing
import pickle
import resource
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any, TypeVar

from guide.pipeline import press_server

if TYPE_CHECKING:  # not imported: a worker from the press server loads this module alone
    from guide.source.config import Limits

T = TypeVar("T")


_FORKING = threading.Lock()


class LimitExceeded(Exception):
    """The child ran out of time or memory, or died; the message says which."""


def _child(conn: Connection, memory_bytes: int, fn: Callable[..., Any], args: tuple) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    try:
        conn.send((True, fn(*args)))
    except MemoryError:
        conn.send((False, "ran out of memory"))
    except BaseException as exc:  # sent back and raised in the parent
        try:
            pickle.dumps(exc)
        except Exception:
            exc = RuntimeError("".join(traceback.format_exception_only(exc)).strip())
        conn.send((False, exc))
    finally:
        conn.close()


def run_limited(fn: Callable[..., T], args: tuple, limits: Limits, here: bool = False) -> T:
    """`fn(*args)` in a forked child under `limits`; its exceptions are raised here. `here`
    forks the child from this process even where a press server runs: for a task that
    needs no WeasyPrint and whose arguments are large and already in memory here (a
    booklet's join), which a fork shares and a pickle would copy."""
    context = multiprocessing.get_context("fork") if here else press_server.context()
    receive, send = context.Pipe(duplex=False)
    process = context.Process(
        target=_child, args=(send, limits.memory_mb * 2**20, fn, args), daemon=True
    )
    with _FORKING:  # the child's collector then leaves the parent's objects (and pages) shared
        gc.freeze()
        try:
            process.start()
        finally:
            gc.unfreeze()
    send.close()
    try:
        if not receive.poll(limits.seconds):
            raise LimitExceeded(f"took longer than {limits.seconds:g} s and was stopped")
        try:
            ok, value = receive.recv()
        except EOFError:
            raise LimitExceeded(
                f"its process died (exit {process.exitcode}), perhaps out of memory "
                f"(limit {limits.memory_mb} MB)"
            ) from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receive.close()
    if ok:
        return value
    if isinstance(value, BaseException):
        raise value
    raise LimitExceeded(value)  # a message, such as "ran out of memory"
