"""Where layout runs: the runner hands tasks to an executor and takes results back.

A task is a module-level function and arguments that carry their inputs by content, so
that any executor can run it and give the same bytes. The local executor, the default,
runs each task in a forked worker under the build's time and memory limits.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from guide.errors import Problem, UsageError
from guide.pipeline import press_server
from guide.pipeline.worker import run_limited

if TYPE_CHECKING:  # not imported: the command asks `on_this_machine` before its heavy imports
    from guide.source.config import Limits


@dataclass(frozen=True)
class Task:
    """One piece of layout: `fn(*args)`, named `label` in messages."""

    fn: Callable[..., Any]
    args: tuple
    label: str


class Executor(Protocol):
    """Runs tasks; results come back as each ends, in any order."""

    def run(self, tasks: Sequence[Task]) -> Iterator[tuple[int, Any]]:
        """Yield `(index, result)` for every task, the result being what the task returned
        or the exception it raised (LimitExceeded for one over its limits)."""
        ...

    def close(self) -> None:
        """Cancel what is still running and let go of the workers."""
        ...


class LocalExecutor:
    """Tasks in forked worker processes on this machine, `workers` at a time."""

    def __init__(self, limits: Limits, workers: int | None = None) -> None:
        self.limits = limits
        self.workers = max(1, workers or os.cpu_count() or 1)

    def run(self, tasks: Sequence[Task]) -> Iterator[tuple[int, Any]]:
        if not tasks:
            return
        if not press_server.started():
            from guide.press.fetch import weasyprint

            weasyprint()  # imported once here, so that every worker forked from here starts warm
        with ThreadPoolExecutor(max_workers=min(self.workers, len(tasks))) as pool:
            futures = {pool.submit(run_limited, task.fn, task.args, self.limits): index
                       for index, task in enumerate(tasks)}
            for future in as_completed(futures):
                try:
                    yield futures[future], future.result()
                except Exception as exc:  # the task's own failure, handed to the runner
                    yield futures[future], exc

    def close(self) -> None:
        """Nothing outlives `run` here: each worker ends with its task."""


def on_this_machine(scheduler: str | None) -> bool:
    """Whether a build given `scheduler` (--scheduler, or guide.yaml's `executor:`) lays out
    on this machine, not on a Dask cluster."""
    return scheduler in (None, "", "local")


@contextmanager
def executor_for(given: Executor | None, scheduler: str | None, limits: Limits,
                 jobs: int | None) -> Iterator[Executor]:
    """`given` as it is, else one opened for the build and closed after it: on the Dask
    scheduler at `scheduler` (`tcp://HOST:PORT`; see `guide.pipeline.cluster`), else on this
    machine, `jobs` at a time. `jobs` with a scheduler is a UsageError: a cluster runs
    as many at once as its workers have threads."""
    if given is not None:
        yield given
        return
    if on_this_machine(scheduler):
        executor: Executor = LocalExecutor(limits, jobs)
    elif jobs is not None:
        raise UsageError([Problem(None, "-j/--jobs is for a build on this machine; on a Dask "
                                  "scheduler the workers' threads set how many run at once: "
                                  "leave -j out, or the scheduler")])
    else:
        from guide.pipeline.cluster import DaskExecutor

        executor = DaskExecutor(scheduler, limits)
    try:
        yield executor
    finally:
        executor.close()
