"""The JSON Schemas editors check topics with: shipped as generated, agreeing with the models on
every file and scalar, and understood by the real YAML language server as an editor runs it."""

from __future__ import annotations

import asyncio
import functools
import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
import yamlcore
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from lsprotocol import types as lsp
from pydantic import BaseModel, ValidationError
from pygls.lsp.client import LanguageClient

from guide.cli import main
from guide.errors import GuideError
from guide.source import schema
from guide.source.load import load_document, parse_document

REPO = Path(__file__).resolve().parent.parent
SERVER = REPO / "tests/js/node_modules/yaml-language-server/bin/yaml-language-server"
CORPORA = ["data", "tests/contract", "tests/hostile", "tests/topics"]


@functools.cache
def validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(schema.path(kind).read_text()))


def editor_view(text: str) -> Any:
    """The file as an editor's YAML 1.2 parser types it: `2004` a number, `2004-05` text."""
    return yaml.load(text, Loader=yamlcore.CoreLoader)  # 1.2 core types only


def model_accepts(model: type[BaseModel], data: Any) -> bool:
    try:
        model.model_validate(data)
    except ValidationError:
        return False
    return True


# -- the shipped files -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", schema.KINDS)
def test_the_shipped_schema_is_what_the_model_generates(kind: str) -> None:
    assert schema.path(kind).read_text(encoding="utf-8") == schema.render(kind), (
        "run `python -m guide.source.schema` (make schemas) after changing a model")


@pytest.mark.parametrize("kind", schema.KINDS)
def test_each_schema_is_valid_draft_2020_12(kind: str) -> None:
    document = json.loads(schema.path(kind).read_text())
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(document)


@pytest.mark.parametrize("kind", schema.KINDS)
def test_every_key_is_described(kind: str) -> None:
    document = json.loads(schema.path(kind).read_text())
    objects = [document, *document.get("$defs", {}).values()]
    objects += [option for o in objects for option in o.get("anyOf", [])]
    keys = [(o.get("title", kind), k, p) for o in objects for k, p in
            o.get("properties", {}).items()]
    assert keys
    undescribed = [f"{title}.{key}" for title, key, prop in keys if not prop.get("description")]
    assert undescribed == []


def test_no_description_names_a_key_the_models_lack() -> None:
    models = {m.__name__: m for m in _models()}
    for name, described in schema.DESCRIPTIONS.items():
        fields = {f.alias or k for k, f in models[name].model_fields.items()}
        assert set(described) <= fields, name


def _models() -> list[type[BaseModel]]:
    found, todo = [], [model for model, _ in schema.KINDS.values()]
    while todo:
        model = todo.pop()
        for cls in model.__mro__:
            if isinstance(cls, type) and issubclass(cls, BaseModel) and cls not in found:
                found.append(cls)
                todo += [a for f in cls.model_fields.values() for a in _inner(f.annotation)]
    return found


def _inner(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _inner(arg)]


def test_guide_schema_prints_each_kind_and_topic_by_default() -> None:
    runner = CliRunner()
    for kind in schema.KINDS:
        result = runner.invoke(main, ["schema", kind])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == json.loads(schema.path(kind).read_text())
    default = runner.invoke(main, ["schema"])
    assert json.loads(default.stdout)["required"] == ["title", "summary"]


def test_guide_schema_refuses_an_unknown_kind() -> None:
    result = CliRunner().invoke(main, ["schema", "topics"])
    assert result.exit_code == 2
    assert "topic" in result.stderr and "Traceback" not in result.output


def test_new_writes_a_first_line_that_points_editors_at_the_schema(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["new", "Treaty of Rome", "-d", str(tmp_path / "data")])
    assert result.exit_code == 0, result.output
    path = tmp_path / "data" / "treaty-of-rome.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = Path(first.split("$schema=", 1)[1])
    assert target.is_absolute() and json.loads(target.read_text()) == schema.generate("topic")
    for words in (str(path), f"guide check {path}", f"guide serve {path}",
                  f"guide build {path}"):
        assert words in result.stdout


def test_new_md_writes_the_same_skeleton_as_markdown(tmp_path: Path) -> None:
    runner = CliRunner()
    for flags in ([], ["--md"]):
        result = runner.invoke(main, ["new", "Treaty of Rome", "-d", str(tmp_path), *flags])
        assert result.exit_code == 0, result.output
    as_yaml = yaml.safe_load((tmp_path / "treaty-of-rome.yaml").read_text(encoding="utf-8"))
    text = (tmp_path / "treaty-of-rome.md").read_text(encoding="utf-8")
    assert text.startswith("---\n") and "yaml-language-server" not in text
    _, front, body = text.split("---\n", 2)
    sections = as_yaml.pop("sections")
    assert yaml.safe_load(front) == as_yaml
    assert body.split("\n") == [
        "", f"## {sections[0]['heading']}", "", sections[0]["text"].strip(), "",
        f"- {sections[0]['points'][0]}", ""]


# -- schema and model agree ------------------------------------------------------------------


def _loadable(folder: str) -> list[Path]:
    """Files the loader reads; the rest (YAML syntax, tags, aliases, duplicate keys, bad
    bytes) are refused before any model sees them, and an editor flags them as YAML."""
    paths = []
    for path in sorted((REPO / folder).glob("*.yaml")):
        try:
            load_document(path)
        except GuideError:
            continue
        paths.append(path)
    return paths


FILES = [p for folder in CORPORA for p in _loadable(folder)]


def test_the_agreement_runs_over_enough_files() -> None:
    hostile = [p for p in FILES if p.parent.name == "hostile"]
    assert len(FILES) >= 30 and len(hostile) >= 20


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_schema_and_model_accept_and_refuse_the_same_files(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    by_model = model_accepts(schema.Topic, load_document(path).data)
    by_schema = validator("topic").is_valid(editor_view(text))
    assert by_schema == by_model, f"model {'accepts' if by_model else 'refuses'} it"


AUDIENCES = sorted([*REPO.glob("styles/audiences/*.yaml"),
                    *REPO.glob("docs/example-school/styles/audiences/*.yaml")])


@pytest.mark.parametrize("path", AUDIENCES, ids=[p.stem for p in AUDIENCES])
def test_every_audience_shipped_or_shown_is_valid_to_the_schema(path: Path) -> None:
    assert model_accepts(schema.AudienceFile, load_document(path).data)
    assert validator("audience").is_valid(editor_view(path.read_text(encoding="utf-8")))


# One scalar typed into a file at {}, as YAML reads it plain and quoted.
SLOTS = {
    "level": ("topic", "title: t\nsummary:\n  - text: x\n    level: {}\n"),
    "date": ("topic", "title: t\nsummary: [x]\ntimeline:\n  - date: {}\n    event: e\n"),
    "as_of": ("topic", "title: t\nsummary: [x]\nas_of: {}\n"),
    "text": ("topic", "title: {}\nsummary: [x]\n"),
    "item": ("topic", "title: t\nsummary:\n  - {}\n"),
    "value": ("topic", "title: t\nsummary: [x]\nfacts:\n  - label: l\n    value: {}\n"),
    "colour": ("topic", "title: t\nsummary: [x]\ncolour: {}\n"),
    "generate": ("topic", "title: t\nsummary: [x]\npractice:\n  generate: {}\n"),
    "with": ("topic", "title: t\nsummary: [x]\ncomparison:\n  with: {}\n"),
    "paper": ("audience", "paper: {}\n"),
    "measure": ("audience", "measure: {}\n"),
    "practice": ("audience", "practice: {}\n"),
    "pages": ("audience", "pages: {}\n"),
    "fit": ("audience", "fit: {}\n"),
    "seconds": ("config", "limits:\n  seconds: {}\n"),
    "memory": ("config", "limits:\n  memory_mb: {}\n"),
    "gutter": ("config", "booklet:\n  gutter: {}\n"),
}
# Pieces of what people type. Left out on purpose, where the model reads the text and the
# editor a number, so that they may disagree: YAML 1.2's 0x and 0o numbers, .inf and .nan,
# exponents and underscores in digits; and (below) what a plain number loses in the editor:
# leading zeros, which the model keeps (`colour: 000000`, `fit: 00`, the year 0999), a
# plus sign, which the model keeps too (`with: +0` is no topic id, but the editor sees 0),
# and a point with nothing after it, which JSON Schema cannot tell from none (`2.`, `2004.0`).
PIECES = ["0", "1", "2", "3", "4", "6", "9", "00", "02", "12", "13", "20", "29", "30", "31",
          "60", "100", "256", "1000", "1900", "2000", "2023", "2024", "9999", "-", ".", "+",
          " ", "a4", "A5", "letter", "LEGAL", "yes", "No", "true", "FALSE", "on", "y", "f", "x",
          "#", "7a1f3d", "fff", "null", "~", "the", "pt"]
typed = st.lists(st.sampled_from(PIECES), min_size=0, max_size=5).map("".join)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(slot=st.sampled_from(sorted(SLOTS)), value=typed, quoted=st.booleans())
@example(slot="pages", value="1.", quoted=True)  # once passed by the schema, refused by pydantic
def test_schema_and_model_agree_on_every_scalar(slot: str, value: str, quoted: bool) -> None:
    kind, template = SLOTS[slot]
    text = template.format(json.dumps(value) if quoted else value)
    try:
        data = parse_document(text.encode(), Path("t.yaml")).data
        seen = editor_view(text)
        # the value alone, as the editor reads it (`- ` in a list item is no value alone)
        number = None if quoted else editor_view(f"v: {value}")["v"]
    except (GuideError, yaml.YAMLError):
        assume(False)
    if not quoted:
        assume(not re.match(r"\s*[+-]?0[0-9]|\s*\+", value))
        assume(not (isinstance(number, float) and number.is_integer()))
    model = schema.KINDS[kind][0]
    by_model = model_accepts(model, data)
    assert validator(kind).is_valid(seen) == by_model, (text, by_model)


@pytest.mark.parametrize("text", ["2024-02-29", "2000-02-29", "1900-02-28", "2023-12-31",
                                  "0001", "1992-05", " 2004 "])
def test_real_days_are_dates(text: str) -> None:
    assert validator("topic").is_valid({"title": "t", "summary": ["x"], "as_of": text})


@pytest.mark.parametrize("text", ["2023-02-29", "1900-02-29", "2024-04-31", "2024-00",
                                  "0000", "2024-13", "24-05-01", "May 2024"])
def test_days_not_on_the_calendar_are_not(text: str) -> None:
    assert not validator("topic").is_valid({"title": "t", "summary": ["x"], "as_of": text})


# -- the YAML language server ----------------------------------------------------------------

VALID = """title: Example Treaty
summary:
  - text: A made-up treaty.
    level: 2
facts:
  - label: Signed
    value: 1975
timeline:
  - date: 1975-08-01
    event: Signed.
"""
# The five mistakes people make most, each with the line it is on.
MISTAKES = {
    "misspelled key": (VALID + "questons:\n  - q: Why?\n", 11, "questons"),
    "bad date": (VALID.replace("1975-08-01", "1975-02-30"), 9, "calendar"),
    "level out of range": (VALID.replace("level: 2", "level: 4"), 4, "3"),
    "missing summary": ("title: Example\nfacts:\n  - label: Signed\n    value: 1975\n", 1,
                        "summary"),
    "facts as a mapping": ("title: Example\nsummary: [A point.]\nfacts:\n  Signed: 1975\n", 4,
                           "array"),
}


async def _diagnose(files: dict[str, Path], typing: Path | None = None
                    ) -> tuple[dict[str, list[lsp.Diagnostic]], list[str]]:
    """Open each file in one real yaml-language-server, as an editor does, and gather the
    diagnostics it publishes for it; and what it offers to complete at the end of `typing`."""
    client = LanguageClient("guide-tests", "1")
    loop = asyncio.get_running_loop()
    waiting = {path.as_uri(): loop.create_future() for path in files.values()}

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: lsp.PublishDiagnosticsParams) -> None:
        future = waiting.get(params.uri)
        if future is not None and not future.done():
            future.set_result(params.diagnostics)

    @client.feature(lsp.WORKSPACE_CONFIGURATION)
    def configuration(params: lsp.ConfigurationParams) -> list[Any]:
        return [{"validate": True, "completion": True, "hover": True}
                if item.section == "yaml" else None for item in params.items]

    await client.start_io(shutil.which("node") or "node", str(SERVER), "--stdio")
    try:
        await client.initialize_async(lsp.InitializeParams(
            capabilities=lsp.ClientCapabilities(
                workspace=lsp.WorkspaceClientCapabilities(configuration=True)),
            process_id=None, root_uri=None))
        client.initialized(lsp.InitializedParams())
        for path in files.values():
            client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(
                path.as_uri(), "yaml", 1, path.read_text(encoding="utf-8"))))
        found = await asyncio.wait_for(asyncio.gather(*waiting.values()), timeout=120)
        offered: list[str] = []
        if typing is not None:
            lines = typing.read_text(encoding="utf-8").splitlines()
            where = lsp.Position(len(lines) - 1, len(lines[-1]))
            answer = await client.text_document_completion_async(lsp.CompletionParams(
                lsp.TextDocumentIdentifier(typing.as_uri()), where))
            items = answer.items if isinstance(answer, lsp.CompletionList) else answer or []
            offered = [item.label for item in items]
        await client.shutdown_async(None)
        client.exit(None)
    finally:
        await client.stop()
    return dict(zip(files, found, strict=True)), offered


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory
           ) -> tuple[dict[str, list[lsp.Diagnostic]], list[str]]:
    """Every case, each a file with the first line `guide new` writes, checked by the server;
    and what it offers to complete in a timeline event half typed."""
    if not SERVER.is_file():
        pytest.fail("yaml-language-server is not installed: `npm ci --prefix tests/js` "
                    "(make test does it)")
    folder = tmp_path_factory.mktemp("editor")
    runner = CliRunner()
    made = runner.invoke(main, ["new", "A New Topic", "--data", str(folder)])
    assert made.exit_code == 0, made.output
    files = {"guide new": folder / "a-new-topic.yaml"}
    modeline = files["guide new"].read_text().splitlines()[0]
    cases = {"valid": VALID, "csto": (REPO / "data/csto.yaml").read_text(),
             **{name: text for name, (text, _, _) in MISTAKES.items()}}
    for name, text in cases.items():
        files[name] = folder / f"{name.replace(' ', '-')}.yaml"
        files[name].write_text(f"{modeline}\n{text}", encoding="utf-8")
    files["typing"] = folder / "typing.yaml"
    files["typing"].write_text(f"{modeline}\n{VALID}  - event: Ratified.\n    da")
    return asyncio.run(_diagnose(files, files["typing"]))


@pytest.fixture(scope="module")
def diagnostics(editor: tuple[dict[str, list[lsp.Diagnostic]], list[str]]
                ) -> dict[str, list[lsp.Diagnostic]]:
    return editor[0]


def _shown(found: list[lsp.Diagnostic]) -> list[tuple[int, str]]:
    """(line in the file, counted from 1 without the schema line, message) of each."""
    return [(d.range.start.line, d.message) for d in found]


@pytest.mark.parametrize("name", ["guide new", "valid", "csto"])
def test_the_editor_flags_nothing_in_a_valid_topic(
    diagnostics: dict[str, list[lsp.Diagnostic]], name: str
) -> None:
    assert _shown(diagnostics[name]) == []


@pytest.mark.parametrize("name", MISTAKES)
def test_the_editor_flags_each_mistake_at_its_line(
    diagnostics: dict[str, list[lsp.Diagnostic]], name: str
) -> None:
    _, line, words = MISTAKES[name]
    shown = _shown(diagnostics[name])
    assert [n for n, _ in shown] == [line], shown  # 0-based, under the schema line: 1-based
    assert words in shown[0][1], shown
    assert all(d.source and d.source.startswith("yaml-schema") for d in diagnostics[name])


def test_the_editor_offers_the_keys_left_to_write(
    editor: tuple[dict[str, list[lsp.Diagnostic]], list[str]]
) -> None:
    assert {"date", "level"} <= set(editor[1]), editor[1]
    assert "event" not in editor[1]  # given already
