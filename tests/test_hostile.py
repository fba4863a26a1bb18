"""Bad and hostile topic files: each is refused with its message, never with a traceback, and
random YAML trees never crash the loader, the checker or the build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guide.cli import main
from guide.press.fetch import stylesheet_problems
from guide.source.resources import Project

CORPUS = Path(__file__).resolve().parent / "hostile"
FILES = sorted(CORPUS.glob("*.yaml"))


def expected(path: Path) -> str:
    first = path.read_bytes().split(b"\n", 1)[0].decode()
    return first.removeprefix("# expect: ")


def test_each_file_of_the_corpus_says_what_it_expects() -> None:
    """A missing or empty `# expect:` line would let its check below pass on any output."""
    assert len(FILES) >= 40
    heads = {path.name: path.read_bytes().split(b"\n", 1)[0].decode() for path in FILES}
    assert {name: h for name, h in heads.items() if not re.fullmatch(r"# expect: \S.*", h)} == {}


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_each_bad_file_is_refused_with_its_message(path: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1, result.output
    assert expected(path) in result.stderr, result.stderr
    assert re.search(rf"{re.escape(path.name)}(:\d+)*: ", result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_building_the_whole_corpus_fails_each_file_and_writes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # object-tag.yaml asks YAML to run `touch guide-pwned` here, in a folder new to this test.
    assert "[touch guide-pwned]" in (CORPUS / "object-tag.yaml").read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(CORPUS), "-o", str(out)])
    assert result.exit_code == 1
    failed = result.stderr.splitlines()[-1]
    assert failed.startswith("failed: ") and failed.count(".yaml") == len(FILES)
    assert not out.exists() or list(out.iterdir()) == []
    assert not (tmp_path / "guide-pwned").exists()
    assert [p.name for p in tmp_path.iterdir() if p != out] == []


# -- random YAML ---------------------------------------------------------------------------

KEYS = ["title", "summary", "facts", "label", "value", "text", "level", "timeline", "date",
        "event", "comparison", "with", "aspects", "questions", "q", "a", "sources", "url",
        "sections", "heading", "points", "tags", "as_of", "in_the_news", "x"]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 3000), st.floats(allow_nan=False),
    st.sampled_from(["1992-05-15", "2004", "1992-13", "https://example.org", "<b>x</b>",
                     "**bold**", "javascript:alert(1)", "nato", "", "  "]),
    st.text(max_size=30),
)
trees = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=6),
        st.dictionaries(st.sampled_from(KEYS), children, max_size=6),
    ),
    max_leaves=40,
)
topics = st.dictionaries(st.sampled_from(KEYS), trees, max_size=8)


def run(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception))
    if result.exit_code:
        assert result.stderr.strip(), "a failure must say why"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(tree=st.one_of(topics, trees))
def test_random_yaml_never_crashes_check(tmp_path: Path, tree: object) -> None:
    path = tmp_path / "data" / "t.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump(tree, allow_unicode=True))
    run(["check", str(path)])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.function_scoped_fixture])
@given(extra=topics)
def test_random_topics_never_crash_the_build(tmp_path: Path, extra: dict) -> None:
    topic = {"title": "T", "summary": ["a"], **extra}
    path = tmp_path / "data" / "t.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump(topic, allow_unicode=True))
    run(["build", str(path), "-o", str(tmp_path / "out"), "--no-cache"])


CSS = sorted((CORPUS / "css").glob("*.css"))


@pytest.mark.parametrize("path", CSS, ids=[p.stem for p in CSS])
def test_each_hostile_stylesheet_is_named_with_its_line(path: Path) -> None:
    wanted = path.read_text().splitlines()[0].removeprefix("/* expect: ").removesuffix(" */")
    problems = stylesheet_problems(path, Project(CORPUS).roots())
    assert [(p.file, p.line) for p in problems] == [(path, 2)]
    assert wanted in problems[0].message and "refused" in problems[0].message
