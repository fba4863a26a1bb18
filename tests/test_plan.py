"""A build is a plan: `--dry-run` shows every job and what it waits for, laying out and
writing nothing; the runner runs any plan in the order of its dependencies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from guide.api import build, build_booklet
from guide.cli import main
from guide.errors import GuideError, Problem
from guide.pipeline.plan import Job, Plan
from guide.pipeline.report import Report
from guide.pipeline.runner import Request, Run
from guide.pipeline.topics import TopicCache
from guide.source.config import Config
from guide.source.resources import Project

CONTRACT = Path(__file__).resolve().parent / "contract"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(CONTRACT, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_dry_run_lists_each_sheet_and_writes_nothing(project: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--dry-run", "-a", "classroom", "-a", "teacher"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "   1  sheet     pact for classroom -> out/pact-classroom.pdf",
        "   2  sheet     pact for teacher -> out/pact-teacher.pdf",
        "   3  sheet     treaty for classroom -> out/treaty-classroom.pdf",
        "   4  sheet     treaty for teacher -> out/treaty-teacher.pdf",
        "4 jobs, 4 files to write; nothing was laid out or written (--dry-run)",
    ]
    assert not (project / "out").exists() and not (project / ".guide-cache").exists()


def test_a_booklet_s_plan_shows_its_stages_in_order(project: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--booklet", "term", "--impose", "saddle",
                                       "--title", "Term", "-a", "classroom", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "   1  part      term-classroom: pact",
        "   2  part      term-classroom: treaty",
        "   3  contents  term-classroom: contents and answer key  after 1-2",
        "   4  numbers   term-classroom: page numbers  after 3",
        "   5  join      term-classroom: join  after 4",
        "   6  impose    term-classroom: impose saddle -> out/term-classroom.pdf  after 5",
        "6 jobs, 1 file to write; nothing was laid out or written (--dry-run)",
    ]
    assert not (project / "out").exists()


def test_a_dry_run_reports_a_broken_topic_and_plans_the_others(project: Path) -> None:
    (project / "data" / "broken.yaml").write_text("title: [unclosed\n")
    result = CliRunner().invoke(main, ["web", "--dry-run", "-a", "classroom"])
    assert result.exit_code == 1
    assert "data/broken.yaml:1" in result.stderr
    assert result.stdout.splitlines() == [
        "   1  site      web pages -> out/web/index.html",
        "1 job, 1 file to write; nothing was laid out or written (--dry-run)",
    ]


def test_the_api_s_dry_run_gives_the_plan_and_starts_no_worker(project: Path) -> None:
    class NoWorkers:
        def run(self, tasks: object) -> None:  # fails the test if ever called
            raise AssertionError("a dry run laid something out")

    report = build(["data"], ["classroom"], dry_run=True, executor=NoWorkers())
    assert report.plan is not None and report.built == report.cached == []
    assert [job.output for job in report.plan.jobs] == [
        Path("out/pact-classroom.pdf"), Path("out/treaty-classroom.pdf")]
    booklet = build_booklet(["data"], "term", ["classroom"], title="Term", dry_run=True)
    assert booklet.plan is not None
    join = next(job for job in booklet.plan.jobs if job.stage == "join")
    assert [job.stage for job in join.after] == ["numbers"]


def _run(tmp_path: Path, seen: list[tuple[str, str]]) -> Run:
    project = Project(tmp_path)
    request = Request(out_dir=tmp_path / "out", cache=False,
                      progress=lambda path, status: seen.append((str(path), status)))
    return Run(request, project, Config(), [], Report(), TopicCache(project))


def test_a_failed_job_skips_what_waits_for_it_and_nothing_else(tmp_path: Path) -> None:
    seen: list[tuple[str, str]] = []
    done: list[str] = []

    def fails() -> bool:
        raise GuideError([Problem(tmp_path / "a.yaml", "broken")])

    def works(name: str) -> bool:
        done.append(name)
        return False

    plan = Plan()
    first = plan.add(Job("first", "part", "test", work=fails, source=tmp_path / "a.yaml"))
    second = plan.add(Job("second", "join", "test", after=(first,),
                          work=lambda: works("second")))
    plan.add(Job("third", "impose", "test", after=(second,), work=lambda: works("third")))
    plan.add(Job("alone", "part", "test", work=lambda: works("alone"),
                 output=tmp_path / "alone.pdf"))
    run = _run(tmp_path, seen)
    try:
        run.execute(plan)
    finally:
        run.close()
    assert done == ["alone"]
    assert [p.message for p in run.report.problems] == ["broken"]
    assert run.report.failed == [tmp_path / "a.yaml"]
    assert run.report.built == [tmp_path / "alone.pdf"]
    assert seen == [(str(tmp_path / "alone.pdf"), "built")]


def test_jobs_run_after_what_they_wait_for_in_the_plan_s_order(tmp_path: Path) -> None:
    order: list[str] = []

    def step(name: str) -> Job:
        return Job(name, "part", "test", work=lambda: order.append(name) or False, quiet=True)

    plan = Plan()
    c, a = step("c"), step("a")
    b = step("b")
    b.after = (c, a)
    for job in (b, c, a):
        plan.add(job)
    run = _run(tmp_path, [])
    try:
        run.execute(plan)
    finally:
        run.close()
    assert order == ["c", "a", "b"]


def test_a_plan_of_many_parts_names_them_as_ranges() -> None:
    plan = Plan()
    parts = [plan.add(Job(f"p{i}", "part", "test")) for i in range(5)]
    plan.add(Job("join", "join", "test", after=(*parts[:3], parts[4])))
    assert plan.describe().splitlines()[5] == "   6  join      join  after 1-3, 5"
