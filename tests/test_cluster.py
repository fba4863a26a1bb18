"""Builds on a Dask cluster: a real LocalCluster of two worker processes on loopback gives
the same bytes as one machine, survives a killed worker, keeps each job's limits, refuses
an unreachable scheduler and a worker of another version; and the shared cache checks
every entry by its hash."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from guide.api import build, build_booklet
from guide.cli import main
from guide.errors import UsageError
from guide.pipeline import cluster
from guide.pipeline.cache import cache_location
from guide.pipeline.executors import Task
from guide.pipeline.worker import LimitExceeded
from guide.source.config import Limits
from guide.source.resources import Project

distributed = pytest.importorskip("distributed")  # the test extra brings it

CONTRACT = Path(__file__).resolve().parent / "contract"
AUDIENCES = ["classroom", "teacher"]  # two topics each: four sheets


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a LocalCluster: two worker processes of one thread, on loopback."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def client(scheduler: str) -> Iterator[distributed.Client]:
    with distributed.Client(scheduler, set_as_default=False) as watching:
        yield watching


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The contract's sheets and a booklet of its topics, built on this machine."""
    root = tmp_path_factory.mktemp("local")
    shutil.copytree(CONTRACT, root / "data")
    report = build([root / "data"], AUDIENCES, root / "out", project=Project(root))
    assert report.ok and len(report.built) == 4
    report = build_booklet([root / "data"], "both", ["classroom"], root / "out", duplex=True,
                           title="Pacts", cache=False, project=Project(root))
    assert report.ok and report.built
    return {p.name: p.read_bytes() for p in (root / "out").glob("*.pdf")}


def _project(root: Path, config: str = "") -> Project:
    shutil.copytree(CONTRACT, root / "data")
    if config:
        (root / "guide.yaml").write_text(config)
    return Project(root)


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.glob("*.pdf")}


def test_sheets_on_the_cluster_are_the_bytes_built_here_and_the_cache_is_shared(
        scheduler: str, local: dict[str, bytes], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path, f"cache: memory://guide-test-{os.getpid()}-{id(tmp_path)}\n")
    monkeypatch.chdir(tmp_path)
    command = ["build", *(f"-a{a}" for a in AUDIENCES)]
    first = CliRunner().invoke(main, command, env={"GUIDE_SCHEDULER": scheduler})
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines()[-1].startswith("4 built, 0 cached, 0 failed in ")
    assert "built out/pact-teacher.pdf" in first.stdout
    sheets = {k: v for k, v in local.items() if not k.startswith("both")}
    assert _outputs(tmp_path / "out") == sheets
    again = CliRunner().invoke(main, [*command, "--scheduler", scheduler, "-o", "again"])
    assert again.stdout.splitlines()[-1].startswith("0 built, 4 cached, 0 failed in ")
    assert _outputs(tmp_path / "again") == sheets


def test_a_booklet_on_the_cluster_is_the_bytes_built_here(
        scheduler: str, local: dict[str, bytes], tmp_path: Path) -> None:
    project = _project(tmp_path)
    report = build_booklet([tmp_path / "data"], "both", ["classroom"], tmp_path / "out",
                           duplex=True, title="Pacts", cache=False, project=project,
                           scheduler=scheduler)
    assert report.ok, report.problems
    assert _outputs(tmp_path / "out") == {"both-classroom.pdf": local["both-classroom.pdf"]}


def test_a_killed_worker_s_sheets_are_laid_out_elsewhere_whole(
        scheduler: str, client: distributed.Client, local: dict[str, bytes],
        tmp_path: Path) -> None:
    project = _project(tmp_path)
    killed = []

    def kill_a_busy_worker(_path: Path, _status: str) -> None:
        if killed:
            return
        busy = [worker for worker, keys in client.processing().items()
                if any(str(key).startswith("guide-") for key in keys)]
        assert busy, "no worker was laying a sheet out"
        pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    report = build([tmp_path / "data"], AUDIENCES, tmp_path / "out", cache=False,
                   project=project, scheduler=scheduler, progress=kill_a_busy_worker)
    assert killed and report.ok, report.problems
    assert _outputs(tmp_path / "out") == {k: v for k, v in local.items()
                                          if not k.startswith("both")}


def test_a_job_over_its_limit_fails_alone_on_the_cluster(scheduler: str) -> None:
    executor = cluster.DaskExecutor(scheduler, Limits(seconds=1))
    try:
        tasks = [Task(sum, ([1, 2],), "one"), Task(time.sleep, (60,), "slow"),
                 Task(sum, ([3],), "two")]
        results = dict(executor.run(tasks))
    finally:
        executor.close()
    assert results[0] == 3 and results[2] == 3
    assert isinstance(results[1], LimitExceeded)
    assert "took longer than 1 s" in str(results[1])


def test_ctrl_c_cancels_the_build_s_jobs_on_the_cluster(
        scheduler: str, client: distributed.Client, tmp_path: Path) -> None:
    project = _project(tmp_path)

    def interrupt(_path: Path, _status: str) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build([tmp_path / "data"], AUDIENCES, tmp_path / "out", cache=False,
              project=project, scheduler=scheduler, progress=interrupt)

    def left() -> list[str]:
        return client.run_on_scheduler(lambda dask_scheduler: [
            str(key) for key in dask_scheduler.tasks if str(key).startswith("guide-")])

    deadline = time.monotonic() + 10
    while left() and time.monotonic() < deadline:  # the scheduler forgets them as told
        time.sleep(0.1)
    assert left() == []


def test_an_unreachable_scheduler_is_exit_2_soon(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:  # a port nothing listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 2.0)
    started = time.monotonic()
    result = CliRunner().invoke(main, ["build", "--scheduler", f"tcp://127.0.0.1:{port}"])
    assert time.monotonic() - started < 30
    assert result.exit_code == 2, result.output
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.output
    assert cluster.CONNECT_SECONDS < 30


def test_jobs_with_a_scheduler_is_refused(tmp_path: Path, scheduler: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "-j", "2", "--scheduler", scheduler])
    assert result.exit_code == 2
    assert "-j/--jobs is for a build on this machine" in result.stderr


def test_a_worker_of_another_version_is_refused(
        scheduler: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = cluster.VERSION
    _project(tmp_path, f"executor: {scheduler}\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cluster, "VERSION", "0.0.1")
    result = CliRunner().invoke(main, ["build"])  # the scheduler from guide.yaml
    assert result.exit_code == 2, result.output
    assert f"runs guide {mine}, this is guide 0.0.1" in result.stderr


def test_a_worker_that_joins_with_another_version_is_refused_at_its_first_job(
        scheduler: str, monkeypatch: pytest.MonkeyPatch) -> None:
    executor = cluster.DaskExecutor(scheduler, Limits())
    monkeypatch.setattr(cluster, "VERSION", "0.0.1")
    try:
        with pytest.raises(UsageError, match=r"runs guide .*, this is guide 0\.0\.1"):
            list(executor.run([Task(sum, ([1],), "one")]))
    finally:
        executor.close()


def test_a_corrupt_or_truncated_cache_entry_is_laid_out_again(
        tmp_path: Path, local: dict[str, bytes]) -> None:
    project = _project(tmp_path, "cache: shared/cache\n")
    assert cache_location(project, "shared/cache") == str(tmp_path / "shared/cache")

    def run() -> list[Path]:
        report = build([tmp_path / "data" / "pact.yaml"], ["classroom"], tmp_path / "out",
                       project=project)
        assert report.ok
        assert (tmp_path / "out" / "pact-classroom.pdf").read_bytes() == local[
            "pact-classroom.pdf"]
        return report.cached

    assert run() == []
    [entry] = (tmp_path / "shared" / "cache").glob("*.entry")
    whole = entry.read_bytes()
    assert run()  # whole: taken from the cache
    entry.write_bytes(whole[:len(whole) // 2])
    assert run() == []  # truncated: laid out again, and written anew
    assert entry.read_bytes() == whole
    flipped = bytearray(whole)
    flipped[-100] ^= 1
    entry.write_bytes(bytes(flipped))
    assert run() == []
    assert run()


def test_an_executor_in_guide_yaml_is_local_or_a_scheduler_s_address(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path, "executor: the-big-cluster\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert result.stderr.startswith("guide.yaml:1:1: executor: expected local (lay sheets "
                                    "out on this machine's cores"), result.stderr
    assert "got 'the-big-cluster'" in result.stderr
    assert "Traceback" not in result.output
