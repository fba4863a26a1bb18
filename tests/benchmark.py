"""`make bench`: how fast guide turns topics into PDFs, as ratios measured in one run.

Prints each figure with the numbers behind it and writes them to docs/benchmark.md.
Every timing is wall-clock seconds of whole commands in fresh processes, best of a few.
"""

from __future__ import annotations

import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GUIDE = [sys.executable, "-c", "from guide.cli import main; main()"]
BARE = """
import sys, warnings
warnings.simplefilter("ignore")
from weasyprint import HTML
HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])
"""


def seconds(command: list[str], cwd: Path, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
        best = min(best, time.perf_counter() - started)
    return best


def topics(folder: Path, count: int) -> None:
    """`count` distinct small topics (the contract's treaty, renamed) in folder/data."""
    data = folder / "data"
    data.mkdir(parents=True)
    treaty = (REPO / "tests" / "contract" / "treaty.yaml").read_text()
    pact = (REPO / "tests" / "contract" / "pact.yaml").read_text()
    (data / "pact.yaml").write_text(pact)
    for i in range(count - 1):
        (data / f"t{i:03d}.yaml").write_text(
            treaty.replace("Treaty of Example", f"Treaty number {i}"))


def peak_memory(command: list[str], cwd: Path) -> tuple[float, int]:
    """Seconds a command takes and the peak of the memory its processes hold together
    (proportional set size, so pages that forked workers share are counted once)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, sum(_pss(pid) for pid in _tree(process.pid)))
        time.sleep(0.1)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    return time.perf_counter() - started, peak


def _tree(root: int) -> list[int]:
    """A process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def pages(folder: Path) -> int:
    from pypdf import PdfReader

    return sum(len(PdfReader(p).pages) for p in folder.glob("*.pdf"))


def _nothing(_: int) -> None:
    """An empty job, to time the scheduler's dispatch alone."""


def cluster_figures(work: Path) -> list[tuple[str, str, str, str]]:
    """Builds on a Dask LocalCluster of worker processes (one thread each) on loopback:
    two workers against one, the cluster against a local `-j 2`, the scheduler's rate of
    empty jobs, and from it the fleet at which the scheduler, not layout, is the limit."""
    from distributed import Client, LocalCluster

    forty = work / "cluster"
    topics(forty, 40)
    local = seconds([*GUIDE, "build", "--no-cache", "-j", "2", "-o", "local"], forty)
    took = {}
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          host="127.0.0.1", dashboard_address=None) as fleet:
            on = [*GUIDE, "build", "--no-cache", "--scheduler", fleet.scheduler_address]
            seconds([*on, "data/pact.yaml", "-o", "warm"], forty)  # workers import WeasyPrint
            took[workers] = seconds([*on, "-o", f"w{workers}"], forty)
            if workers == 2:
                with Client(fleet, set_as_default=False) as client:
                    jobs = 5000
                    started = time.perf_counter()
                    client.gather(client.map(_nothing, range(jobs), pure=False))
                    rate = jobs / (time.perf_counter() - started)
    per_sheet = took[1] / 40  # one worker's seconds a sheet, overhead included
    return [
        ("40 topics on a Dask cluster: 1 worker / 2 workers", f"{took[1] / took[2]:.2f}x",
         ">= 1.7x", f"{took[1]:.1f} s / {took[2]:.1f} s"),
        ("40 topics: 2 Dask workers / local -j 2", f"{took[2] / local:.2f}x", "<= 1.15x",
         f"{took[2]:.1f} s / {local:.1f} s"),
        ("Dask scheduler: empty jobs dispatched per second", f"{rate:.0f}", "-",
         f"{jobs} jobs on 2 workers; with {per_sheet:.2f} s a sheet, the scheduler is the "
         f"limit from about {rate * per_sheet:.0f} single-thread workers"),
    ]


def main() -> None:
    rows: list[tuple[str, str, str, str]] = []

    def row(name: str, ratio: float, goal: str, behind: str) -> None:
        rows.append((name, f"{ratio:.2f}x", goal, behind))
        print(f"{name}: {ratio:.2f}x (goal {goal}); {behind}", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # 1. One sheet, cold: guide vs bare WeasyPrint on the same HTML, both fresh processes.
        one = work / "one"
        shutil.copytree(REPO / "data", one / "data")
        shutil.copytree(REPO / "images", one / "images")  # NATO's figure
        subprocess.run([*GUIDE, "build", "data/nato.yaml", "--html", "-o", "html"], cwd=one,
                       check=True, capture_output=True)
        shutil.copytree(REPO / "styles", one / "styles")  # the HTML links these by path
        guide_cold = seconds([*GUIDE, "build", "data/nato.yaml", "--no-cache", "-o", "g"],
                             one, 3)
        bare = seconds([sys.executable, "-c", BARE, "html/nato-classroom.html", "bare.pdf"],
                       one, 3)
        row("one sheet, cold: guide / bare WeasyPrint", guide_cold / bare, "<= 1.25x",
            f"{guide_cold:.2f} s / {bare:.2f} s")

        # 2. Ten topics in one build vs ten builds.
        ten = work / "ten"
        topics(ten, 10)
        batch = seconds([*GUIDE, "build", "--no-cache", "-o", "b"], ten)
        single = sum(seconds([*GUIDE, "build", f"data/{p.name}", "--no-cache", "-o", "s"], ten)
                     for p in sorted((ten / "data").glob("*.yaml")))
        row("10 topics: 10 processes / one build", single / batch, ">= 3x",
            f"{single:.1f} s / {batch:.1f} s")

        # 3. Forty topics, two workers vs one.
        forty = work / "forty"
        topics(forty, 40)
        one_job = seconds([*GUIDE, "build", "--no-cache", "-j", "1", "-o", "j1"], forty)
        two_jobs = seconds([*GUIDE, "build", "--no-cache", "-j", "2", "-o", "j2"], forty)
        row("40 topics: -j 1 / -j 2", one_job / two_jobs, ">= 1.6x",
            f"{one_job:.1f} s / {two_jobs:.1f} s")
        sheet_pages = pages(forty / "j1")
        warm_rate = sheet_pages / one_job

        # 4. Rebuild with nothing changed vs the full build.
        full = seconds([*GUIDE, "build", "-o", "c"], forty)  # fills the cache
        again = seconds([*GUIDE, "build", "-o", "c"], forty, 3)
        row("40 topics: unchanged rebuild / full build", again / full, "<= 0.05x",
            f"{again:.2f} s / {full:.1f} s")

        # 5. A 100-topic booklet: built from nothing, then after one topic changed.
        hundred = work / "hundred"
        topics(hundred, 100)
        booklet = [*GUIDE, "build", "--booklet", "all", "-o", "k"]
        cold = seconds(booklet, hundred)
        booklet_pages = pages(hundred / "k")
        size = (hundred / "k" / "all-classroom.pdf").stat().st_size
        edited = hundred / "data" / "t050.yaml"
        edited.write_text(edited.read_text().replace("value: 1990", "value: 1991"))
        warm = seconds(booklet, hundred)
        row("100-topic booklet: one topic changed / from nothing", warm / cold, "<= 0.25x",
            f"{warm:.1f} s / {cold:.1f} s; {booklet_pages} pages, {size / 2**20:.1f} MB")

        # 6. Peak memory of a 300-topic booklet, all its processes together.
        many = work / "many"
        topics(many, 300)
        took, peak = peak_memory([*booklet, "--no-cache"], many)
        many_pages = pages(many / "k")
        rows.append(("300-topic booklet: peak memory (PSS, all processes)",
                     f"{peak / 2**20:.0f} MB", "<= 500 MB",
                     f"{many_pages} pages in {took:.1f} s, {many_pages / took:.1f} pages/s"))
        print(f"300-topic booklet: peak {peak / 2**20:.0f} MB; {many_pages} pages in "
              f"{took:.1f} s", flush=True)
        rows.append(("sheets, pages per second (-j 1, one process)", f"{warm_rate:.1f}", "-",
                     f"{sheet_pages} pages in {one_job:.1f} s"))

        # 7. The same builds on a Dask cluster (issue 17; docs/cluster.md).
        for figure in cluster_figures(work):
            rows.append(figure)
            print(": ".join(figure[:2]), figure[3], flush=True)

    machine = f"{platform.machine()}, Python {platform.python_version()}"
    lines = [
        "# Benchmark",
        "",
        f"Measured by `make bench` in one run on {machine}. Ratios compare whole commands",
        "in fresh processes (best of three where cheap).",
        "",
        "| figure | ratio | goal | numbers behind it |",
        "|---|---|---|---|",
        *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows),
        "",
    ]
    (REPO / "docs" / "benchmark.md").write_text("\n".join(lines))
    print("written to docs/benchmark.md")


if __name__ == "__main__":
    main()
