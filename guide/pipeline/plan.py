"""A build as a plan: the jobs a command asks for and what each waits for, known before
anything is laid out, so that it can be shown (`guide build --dry-run`) and then run by
the one runner (`guide.pipeline.runner.Run.execute`) whatever the product.

A product turns the topics into jobs (`Product.plan`); the runner runs them in order of
their dependencies, pressing the documents of every job that is ready at once, through
the cache and the executor, under the limits. A job that fails is reported, and the jobs
that wait for it are not run.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from graphlib import TopologicalSorter
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from guide.pipeline.runner import Document
    from guide.press.pdf import Printed


@dataclass(eq=False)
class Job:
    """One step of a build: what it makes (`name`, shown in the plan; `output`, the file
    it writes, if any), for which topic, audience, paper and PDF variant, and the jobs it
    waits for (`after`).

    What it does is one of: `press`, documents to lay out, made when the job's turn comes,
    whose PDFs go to `then`, which may give more to lay out (a sheet fitted to its pages
    a level lower, contents that grew a page) or None when the job is done; or `work`, done
    here once the jobs it waits for are. `source` is the topic file it fails, where one
    does; `blame` starts the message of a document over its limits."""

    name: str
    stage: str
    product: str
    topic: str | None = None
    audience: str | None = None
    paper: str | None = None
    variant: str | None = None
    output: Path | None = None
    after: tuple[Job, ...] = ()
    press: Callable[[], list[Document]] | None = None
    then: Callable[[list[Printed]], list[Document] | None] | None = None
    work: Callable[[], None] | None = None
    source: Path | None = None
    blame: str | None = None
    quiet: bool = False  # not named in progress as it ends (it writes nothing one reads)

    def shown(self) -> dict[str, Any]:
        """The job as `--dry-run --format json` shows it."""
        return {
            "name": self.name, "stage": self.stage, "product": self.product,
            "topic": self.topic, "audience": self.audience, "paper": self.paper,
            "variant": self.variant, "output": str(self.output) if self.output else None,
            "after": [job.name for job in self.after],
        }


@dataclass
class Plan:
    """Every job of a build, in the order the product gave them (outputs are reported in
    that order), each after the jobs it waits for."""

    jobs: list[Job] = field(default_factory=list)

    def add(self, job: Job) -> Job:
        self.jobs.append(job)
        return job

    def outputs(self) -> list[Path]:
        return [job.output for job in self.jobs if job.output is not None]

    def waves(self) -> Iterator[tuple[list[Job], Callable[[Job], None]]]:
        """The jobs ready at once, in the plan's order, and what to call as each is done:
        the next wave holds what waited only for those."""
        sorter = TopologicalSorter({job: job.after for job in self.jobs})
        sorter.prepare()
        order = {job: i for i, job in enumerate(self.jobs)}
        while sorter.is_active():
            yield sorted(sorter.get_ready(), key=order.__getitem__), sorter.done

    def describe(self) -> str:
        """The plan in lines, for a person: each job with what it waits for."""
        numbers = {job: i + 1 for i, job in enumerate(self.jobs)}
        lines = []
        for job in self.jobs:
            waits = ""
            if job.after:
                listed = [numbers[j] for j in job.after]
                waits = f"  after {_ranges(listed)}"
            where = f" -> {job.output}" if job.output else ""
            lines.append(f"{numbers[job]:>4}  {job.stage:<9} {job.name}{where}{waits}")
        count = len(self.jobs)
        files = len(self.outputs())
        lines.append(f"{count} job{'s' * (count != 1)}, {files} file{'s' * (files != 1)} "
                     "to write; nothing was laid out or written (--dry-run)")
        return "\n".join(lines)

    def as_json(self) -> str:
        return json.dumps({"jobs": [job.shown() for job in self.jobs]}, indent=2,
                          ensure_ascii=False)


def _ranges(numbers: list[int]) -> str:
    """`3-42, 44` for 3, 4, ..., 42, 44: a booklet's join waits for a hundred parts."""
    numbers = sorted(set(numbers))
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in spans)
