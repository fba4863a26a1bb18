"""Builds on a Dask cluster: the same tasks as on one machine, run by a scheduler's workers.

Imported only when a scheduler is named, so that `guide --help` and local builds never load
Dask. A task carries its inputs by content; the project's files go to each worker once, as
a `Bundle` scattered under its digest. On the worker each task runs as it would locally, in
a forked child under the build's time and memory limits, and its result comes back as
bytes for the client to write. Dask runs again elsewhere what a lost worker was running.
"""

from __future__ import annotations

import multiprocessing
import uuid
from collections.abc import Callable, Iterator, Sequence
from importlib.metadata import version
from typing import Any

from guide.errors import GuideError, Problem, UsageError
from guide.pipeline.executors import Task
from guide.pipeline.worker import LimitExceeded, run_limited
from guide.press.fetch import Bundle
from guide.source.config import Limits

VERSION = version("guide")  # what every worker must run too
CONNECT_SECONDS = 10.0  # how long to try to reach the scheduler


class VersionMismatch(Exception):
    """A worker runs another version of guide, whose bytes may differ."""


class DaskExecutor:
    """Tasks on the workers of the Dask scheduler at `address` (`tcp://HOST:PORT`)."""

    def __init__(self, address: str, limits: Limits) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise UsageError([Problem(None, "a build on a Dask scheduler needs Dask's "
                                      'client: pip install "guide[cluster]"')]) from None
        self.address, self.limits = address, limits
        try:
            self.client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise UsageError([Problem(None, (
                f"cannot reach the Dask scheduler at {address} ({exc}); start it, check "
                "the address (tcp://HOST:PORT), or leave --scheduler and GUIDE_SCHEDULER "
                "out to build on this machine"))]) from None
        self._shared: dict[str, Any] = {}
        try:
            versions = self.client.run(version, "guide", wait=True)
        except BaseException:
            self.close()
            raise
        if others := {worker: v for worker, v in versions.items() if v != VERSION}:
            self.close()
            raise UsageError([_mismatch(*min(others.items()), VERSION)])

    def run(self, tasks: Sequence[Task]) -> Iterator[tuple[int, Any]]:
        if not tasks:
            return
        from distributed import as_completed
        from distributed.client import FutureCancelledError
        from distributed.scheduler import KilledWorker

        futures = {
            self.client.submit(_remote, VERSION, self.limits, task.fn,
                               *map(self._ship, task.args),
                               key=f"guide-{uuid.uuid4().hex}", pure=False): index
            for index, task in enumerate(tasks)
        }
        try:
            for future in as_completed(futures, loop=self.client.loop):
                index = futures[future]
                try:
                    result = future.result()
                except KilledWorker:
                    result = LimitExceeded("its worker died each time it was laid out")
                except FutureCancelledError:
                    raise GuideError([Problem(None, f"{tasks[index].label}: cancelled on the "
                                                    "Dask cluster")]) from None
                if isinstance(result, VersionMismatch):
                    raise UsageError([Problem(None, str(result))])
                yield index, result
        finally:  # Ctrl-C, or a failure: nothing of this build goes on on the cluster
            self.client.cancel(list(futures))

    def _ship(self, arg: object) -> object:
        """A bundle goes to every worker once, named by its digest; the rest with the task."""
        if not isinstance(arg, Bundle):
            return arg
        if arg.digest not in self._shared:
            self._shared[arg.digest] = self.client.scatter(arg, broadcast=True, hash=True)
        return self._shared[arg.digest]

    def close(self) -> None:
        self.client.close()


def _mismatch(worker: str, theirs: str, mine: str) -> Problem:
    return Problem(None, f"the Dask worker {worker} runs guide {theirs}, this is guide "
                         f"{mine}: install guide {mine} on every worker "
                         f'(pip install "guide[cluster]=={mine}")')


def _remote(expected: str, limits: Limits, fn: Callable[..., Any], *args: object) -> object:
    """A task on a worker: under `limits` in a forked child, as on one machine. What it
    raises comes back as its result, to be told apart from a lost worker."""
    if (mine := version("guide")) != expected:
        return VersionMismatch(_mismatch(_worker_address(), mine, expected).message)
    from guide.press.pdf import warm_up

    warm_up()  # once in the worker, so that every child starts warm
    # A Dask worker runs as a daemonic process, which multiprocessing forbids to fork
    # children; the child here is killed with its task, never left behind.
    multiprocessing.current_process()._config.pop("daemon", None)  # type: ignore[attr-defined]
    try:
        return run_limited(fn, args, limits)
    except Exception as exc:  # the task's own failure, handed to the runner
        return exc


def _worker_address() -> str:
    from distributed import get_worker

    return get_worker().address
