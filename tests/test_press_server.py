"""The press server (guide.pipeline.press_server): `guide build` loads WeasyPrint in it while
it reads the topics, and forks its workers from it. They are held to the same limits, and
a sheet made there has the bytes of one made by a worker forked from the build itself.

The tests' own builds run in the test process, which never starts the server (conftest.py):
these start it in a process of their own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from guide.api import build, build_booklet
from guide.source.resources import Project

from samples import TODAY, copy_samples

WORKERS = """
import os, time
from guide.pipeline import press_server
from guide.pipeline.worker import LimitExceeded, run_limited
from guide.source.config import Limits

press_server.start()
assert press_server.started()
assert run_limited(sum, ([1, 2, 3],), Limits()) == 6
assert run_limited(os.getppid, (), Limits()) != os.getpid(), "forked from the build itself"
for fn, args, limits in ((time.sleep, (30,), Limits(seconds=0.5)),
                         (bytearray, (4 * 2**30,), Limits(memory_mb=1024))):
    try:
        run_limited(fn, args, limits)
    except LimitExceeded as exc:
        print(exc)
press_server.stop()  # nothing left to lay out, as before a booklet's join
assert not press_server.started()
assert run_limited(os.getppid, (), Limits()) == os.getpid(), "forked from the build"
"""


def test_workers_from_the_server_are_held_to_the_limits() -> None:
    done = subprocess.run([sys.executable, "-c", WORKERS], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    took_too_long, too_big = done.stdout.splitlines()
    assert "took longer than 0.5 s" in took_too_long
    assert "memory" in too_big


def _cli(folder: Path, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "from guide.cli import main; main()", "build", *args,
         "-a", "classroom", "--no-cache", "--today", TODAY.isoformat()],
        cwd=folder, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_a_sheet_from_the_server_has_the_bytes_of_one_forked_from_the_build(
        tmp_path: Path) -> None:
    copy_samples(tmp_path)
    _cli(tmp_path, "data/csto.yaml", "-o", "server")
    build([tmp_path / "data" / "csto.yaml"], ["classroom"], tmp_path / "forked",
          project=Project(tmp_path), cache=False, today=TODAY)
    made = [tmp_path / folder / "csto-classroom.pdf" for folder in ("server", "forked")]
    assert made[0].read_bytes() == made[1].read_bytes()


def test_a_booklet_from_the_server_has_the_bytes_of_one_forked_from_the_build(
        tmp_path: Path) -> None:
    # Its parts go to workers from the server by pickle; its join is forked from the build.
    copy_samples(tmp_path)
    _cli(tmp_path, "data/csto.yaml", "data/nato.yaml", "--booklet", "term", "--title", "Term",
         "-o", "server")
    topics = [tmp_path / "data" / "csto.yaml", tmp_path / "data" / "nato.yaml"]
    build_booklet(topics, "term", ["classroom"], tmp_path / "forked", title="Term",
                  project=Project(tmp_path), cache=False, today=TODAY)
    made = [tmp_path / folder / "term-classroom.pdf" for folder in ("server", "forked")]
    assert made[0].read_bytes() == made[1].read_bytes()


PRINT = """
import sys
from pathlib import Path
from guide.press.pdf import print_pdf, warm_up
from guide.source.resources import Project

if sys.argv[1] == "warm":
    warm_up()
html = Path("out/csto.hi-classroom.html").read_text()
sys.stdout.buffer.write(print_pdf(html, Project(Path.cwd()), "csto.hi-classroom.pdf", 0).data)
"""


def test_a_sheet_printed_after_the_warm_up_has_the_bytes_of_one_printed_without(
        tmp_path: Path) -> None:
    # watch, serve and cluster workers warm up before forking workers: nothing of the
    # warm-up page (its fonts, its words) may reach a sheet printed after it.
    copy_samples(tmp_path)
    build([tmp_path / "data" / "csto.hi.yaml"], ["classroom"], tmp_path / "out", html=True,
          project=Project(tmp_path), cache=False, today=TODAY)
    made = [subprocess.run([sys.executable, "-c", PRINT, how], cwd=tmp_path,
                           capture_output=True, timeout=300, check=True).stdout
            for how in ("cold", "warm")]
    assert made[0][:5] == b"%PDF-" and made[0] == made[1]


def test_a_script_that_calls_the_command_unguarded_still_builds(tmp_path: Path) -> None:
    """The server imports the program's `__main__`; a script's top level, run again there,
    would build inside the server: such a script forks its workers from itself."""
    copy_samples(tmp_path)
    (tmp_path / "make_sheets.py").write_text("from guide.cli import main\nmain()\n")
    done = subprocess.run(
        [sys.executable, "make_sheets.py", "build", "data/csto.yaml", "-a", "classroom",
         "--no-cache", "--today", TODAY.isoformat()],
        cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / "out" / "csto-classroom.pdf").read_bytes().startswith(b"%PDF-")
