"""`make bench`: how fast guide turns topics into PDFs, as ratios measured in one run.

Prints each figure against its goal, with the numbers behind it, and writes them to
docs/benchmark.md. Timings are wall-clock seconds of whole commands in fresh processes.
The single sheets are topics made up here (small, medium and large), which guide has never
seen; a cold sheet is timed in back-to-back pairs with bare WeasyPrint, and the ratio is
the median of the pairs', since the machine's speed drifts between runs.
"""

from __future__ import annotations

import platform
import random
import shutil
import statistics
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
PAIRS = 3  # back-to-back pairs per cold sheet
# Sections of the made-up topics: three, five and eight pages for the classroom.
SIZES = {"small": 2, "medium": 6, "large": 14}
WORDS = [
    "river", "council", "border", "treaty", "harbour", "charter", "summit", "tariff",
    "mandate", "delegate", "assembly", "archive", "province", "frontier", "accord", "envoy",
    "garrison", "ledger", "statute", "railway", "customs", "fishery", "parliament", "tribunal",
    "observer", "mission",
]


def seconds(command: list[str], cwd: Path, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
        best = min(best, time.perf_counter() - started)
    return best


def made_up(name: str, sections: int) -> str:
    """A topic file of `sections` sections, with as many questions and dates, in words
    drawn at random (seeded by the name: the same topic on every run)."""
    rng = random.Random(name)

    def sentence(words: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."

    lines = [f"title: {name} Agreement", 'as_of: "2024-05-01"', "tags: [made-up]", "",
             "summary:", *(f"  - {sentence(14)}" for _ in range(2)), "", "facts:"]
    for i in range(4):
        lines += [f"  - label: Fact {i + 1}", f"    value: {sentence(4)}"]
    lines += ["", "sections:"]
    for s in range(sections):
        lines += [f"  - heading: Part {s + 1}", "    text: |", f"      {sentence(40)}",
                  "    points:", *(f"      - {sentence(10)}" for _ in range(3))]
    lines += ["", "timeline:"]
    for y in range(sections + 1):
        lines += [f"  - date: {1950 + 5 * y}-0{1 + y % 9}-1{y % 9}",
                  f"    event: {sentence(9)}"]
    lines += ["", "questions:"]
    for _ in range(sections):
        lines += [f"  - q: {sentence(8)[:-1]}?", f"    a: {sentence(10)}"]
    lines += ["", "sources:"]
    for i in range(2):
        lines += [f"  - title: Report {i + 1}", "    publisher: Example Press",
                  f"    url: https://example.org/{name.lower()}/{i}"]
    return "\n".join(lines) + "\n"


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


def cold_pairs(folder: Path, stem: str) -> tuple[float, float, float]:
    """The median ratio of `PAIRS` back-to-back (guide, bare WeasyPrint) cold runs on
    data/<stem>.yaml and its HTML, and the medians of each."""
    guide_runs, bare_runs = [], []
    for _ in range(PAIRS):
        guide_runs.append(seconds([*GUIDE, "build", f"data/{stem}.yaml", "--no-cache",
                                   "-a", "classroom", "-o", "g"], folder))
        bare_runs.append(seconds([sys.executable, "-c", BARE, f"html/{stem}-classroom.html",
                                  "bare.pdf"], folder))
    ratio = statistics.median(g / b for g, b in zip(guide_runs, bare_runs, strict=True))
    return ratio, statistics.median(guide_runs), statistics.median(bare_runs)


def watch_relayout(folder: Path, stem: str) -> float:
    """Seconds `guide watch` takes to lay out data/<stem>.yaml again after a save, from the
    change seen to the PDF written (the debounce of 300 ms, which gathers a save's writes,
    comes before)."""
    script = f"""
import threading, time
from pathlib import Path
from guide.studio.watch import watch
stop, seen = threading.Event(), []
def shown(result, changed):
    seen.append(result)
    if len(seen) == 1:
        topic = Path("data/{stem}.yaml")
        topic.write_text(topic.read_text().replace("Fact 1", "Fact one"))
    else:
        stop.set()
watch(["data/{stem}.yaml"], ["classroom"], "w", shown, stop=stop)
print(seen[-1].seconds, seen[-1].built)
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=folder, check=True,
                          capture_output=True, text=True, timeout=300)
    took, built = done.stdout.split(maxsplit=1)
    assert "classroom" in built, done.stdout
    return float(took)


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

    def row(name: str, figure: str, goal: str, behind: str) -> None:
        rows.append((name, figure, goal, behind))
        print(f"{name}: {figure} (goal {goal}); {behind}", flush=True)
        write(rows)  # as it goes: a run stopped half-way keeps what it measured

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # 1. One sheet, cold: guide vs bare WeasyPrint on the same HTML, in pairs.
        one = work / "one"
        (one / "data").mkdir(parents=True)
        for size, sections in SIZES.items():
            (one / "data" / f"{size}.yaml").write_text(made_up(size.title(), sections))
        subprocess.run([*GUIDE, "build", "data", "-a", "classroom", "--html", "-o", "html"],
                       cwd=one, check=True, capture_output=True)
        shutil.copytree(REPO / "styles", one / "styles")  # the HTML links these by path
        for size in SIZES:
            count = pages_of(one / "html" / f"{size}-classroom.pdf")
            ratio, guide_cold, bare = cold_pairs(one, size)
            row(f"one sheet, cold, {size} ({count} pages): guide / bare WeasyPrint",
                f"{ratio:.2f}x", "<= 0.9x",
                f"medians of {PAIRS} pairs: {guide_cold:.2f} s / {bare:.2f} s")
        watched = watch_relayout(one, "small")
        row("guide watch: small sheet laid out again after a save", f"{watched:.2f} s",
            "<= 0.35 s", f"{pages_of(one / 'w' / 'small-classroom.pdf')} pages")

        # 2. Ten topics in one build vs ten builds.
        ten = work / "ten"
        topics(ten, 10)
        batch = seconds([*GUIDE, "build", "--no-cache", "-o", "b"], ten)
        single = sum(seconds([*GUIDE, "build", f"data/{p.name}", "--no-cache", "-o", "s"], ten)
                     for p in sorted((ten / "data").glob("*.yaml")))
        row("10 topics: 10 processes / one build", f"{single / batch:.2f}x", ">= 4x",
            f"{single:.1f} s / {batch:.1f} s")

        # 3. Forty topics, two workers vs one.
        forty = work / "forty"
        topics(forty, 40)
        one_job = seconds([*GUIDE, "build", "--no-cache", "-j", "1", "-o", "j1"], forty)
        two_jobs = seconds([*GUIDE, "build", "--no-cache", "-j", "2", "-o", "j2"], forty)
        row("40 topics: -j 1 / -j 2", f"{one_job / two_jobs:.2f}x", ">= 1.6x",
            f"{one_job:.1f} s / {two_jobs:.1f} s")
        sheet_pages = pages(forty / "j1")
        warm_rate = sheet_pages / one_job

        # 4. Rebuild with nothing changed vs the full build.
        full = seconds([*GUIDE, "build", "-o", "c"], forty)  # fills the cache
        again = seconds([*GUIDE, "build", "-o", "c"], forty, 3)
        row("40 topics: unchanged rebuild / full build", f"{again / full:.3f}x", "<= 0.02x",
            f"{again:.2f} s / {full:.1f} s")

        # 5. Booklets of 40 and 100 topics: built from nothing, then after one topic changed;
        # the 100 against bare WeasyPrint on the same booklet as one HTML file.
        booklet = [*GUIDE, "build", "--booklet", "all", "-o", "k"]
        for count, goal in ((40, "<= 0.15x"), (100, "<= 0.08x")):
            folder = work / f"booklet{count}"
            topics(folder, count)
            cold = seconds(booklet, folder)
            booklet_pages = pages(folder / "k")
            size = (folder / "k" / "all-classroom.pdf").stat().st_size
            edited = folder / "data" / f"t{count // 2:03d}.yaml"
            edited.write_text(edited.read_text().replace("value: 1990", "value: 1991"))
            warm = seconds(booklet, folder)
            row(f"{count}-topic booklet: one topic changed / from nothing",
                f"{warm / cold:.3f}x", goal,
                f"{warm:.1f} s / {cold:.1f} s; {booklet_pages} pages, {size / 2**20:.1f} MB")
        subprocess.run([*booklet, "--html"], cwd=folder, check=True, capture_output=True)
        shutil.copytree(REPO / "styles", folder / "styles")
        bare = seconds([sys.executable, "-c", BARE, "k/all-classroom.html", "bare.pdf"], folder)
        row("100-topic booklet from nothing: guide / bare WeasyPrint", f"{cold / bare:.2f}x",
            "<= 0.5x", f"{cold:.1f} s / {bare:.1f} s (the booklet as one HTML file)")

        # 6. Peak memory of a 300-topic booklet, all its processes together.
        many = work / "many"
        topics(many, 300)
        took, peak = peak_memory([*booklet, "--no-cache"], many)
        many_pages = pages(many / "k")
        row("300-topic booklet: peak memory (PSS, all processes)", f"{peak / 2**20:.0f} MB",
            "<= 500 MB", f"{many_pages} pages in {took:.1f} s, {many_pages / took:.1f} pages/s")
        row("sheets, pages per second (-j 1, one process)", f"{warm_rate:.1f}", "-",
            f"{sheet_pages} pages in {one_job:.1f} s")

        # 7. The same builds on a Dask cluster (issue 17; docs/cluster.md).
        for figure in cluster_figures(work):
            row(*figure)

    print("written to docs/benchmark.md")


def write(rows: list[tuple[str, str, str, str]]) -> None:
    machine = f"{platform.machine()}, Python {platform.python_version()}"
    lines = [
        "# Benchmark",
        "",
        f"Measured by `make bench` in one run on {machine}. Ratios compare whole commands",
        "in fresh processes; a cold sheet's are medians of back-to-back pairs, on topics made",
        "up by the benchmark (tests/benchmark.py).",
        "",
        "| figure | measured | goal | numbers behind it |",
        "|---|---|---|---|",
        *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows),
        "",
    ]
    (REPO / "docs" / "benchmark.md").write_text("\n".join(lines))


def pages_of(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


if __name__ == "__main__":
    main()
