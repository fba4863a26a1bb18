"""The resource boundary: WeasyPrint reads only the project's and the package's files."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from guide.api import build
from guide.errors import GuideError
from guide.press.fetch import Bundle, make_fetcher
from guide.source.css import imports
from guide.source.resources import BUILTIN_STYLES, Project


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, Path]:
    """A project's styles folder with a picture, and a secret file outside it."""
    project = tmp_path / "project" / "styles"
    (project / "images").mkdir(parents=True)
    (project / "images" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    secret = tmp_path / "project" / "secret.txt"
    secret.write_text("secret")
    (project / "images" / "link.txt").symlink_to(secret)
    return project, secret


@pytest.fixture
def server() -> Iterator[list[str]]:
    """A loopback HTTP server that records every request it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    hits.append(f"http://127.0.0.1:{httpd.server_port}")
    yield hits
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(params=["disk", "bundle"])
def fetcher_of(request: pytest.FixtureRequest) -> Callable[[Path], object]:
    """The fetcher of a build on this machine, reading `styles` from disk; or that of a job
    on any machine, serving a bundle of the project's files made from them."""
    if request.param == "disk":
        return lambda styles: make_fetcher((styles.resolve(),))
    return lambda styles: Bundle.of(Project(styles.parent)).fetcher()


def fetches(project: Path, url: str, fetcher_of: Callable[[Path], object]) -> bool:
    fetcher = fetcher_of(project)
    from weasyprint.urls import URLFetchingError

    try:
        fetcher.fetch(url).close()
    except URLFetchingError:
        return False
    return True


def test_project_files_and_data_uris_are_allowed(tree: tuple[Path, Path],
                                                 fetcher_of: Callable[[Path], object]) -> None:
    project, _ = tree
    assert fetches(project, (project / "images" / "logo.svg").as_uri(), fetcher_of)
    assert fetches(project, "data:text/plain;base64,aGk=", fetcher_of)


@pytest.mark.parametrize(
    "make_url",
    [
        lambda project, secret: secret.as_uri(),
        lambda project, secret: f"{project.as_uri()}/../secret.txt",
        lambda project, secret: f"{project.as_uri()}/%2e%2e/secret.txt",
        lambda project, secret: f"{project.as_uri()}/images/..%2f..%2fsecret.txt",
        lambda project, secret: (project / "images" / "link.txt").as_uri(),
        lambda project, secret: project.as_uri(),
        lambda project, secret: "file:///etc/passwd",
        lambda project, secret: f"file://otherhost{secret}",
        lambda project, secret: "http://127.0.0.1:9/x.css",
        lambda project, secret: "https://example.org/x.css",
        lambda project, secret: "ftp://example.org/x",
        lambda project, secret: "gopher://example.org/x",
    ],
)
def test_everything_else_is_refused(tree: tuple[Path, Path], make_url: Callable,
                                    fetcher_of: Callable[[Path], object]) -> None:
    project, secret = tree
    assert not fetches(project, make_url(project, secret), fetcher_of)


def test_a_hostile_stylesheet_reaches_neither_disk_nor_network(
    tree: tuple[Path, Path], server: list[str]
) -> None:
    styles, secret = tree
    project_dir = styles.parent
    base = server[0]
    css = f"""
    @import url({base}/import.css);
    @import url({secret.as_uri()});
    @font-face {{ font-family: X; src: url({base}/font.ttf); }}
    body {{ background: url({base}/bg.png); }}
    .summary {{ background-image: url(../../secret.txt); }}
    .masthead {{ background-image: url(../../data/t.yaml); }}
    .news {{ background-image: url(/etc/passwd); }}
    h1::before {{ content: url(../images/logo.svg); }}
    """
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
           f' width="10" height="10"><image href="{base}/svg.png" width="5" height="5"/>'
           f'<image xlink:href="{secret.as_uri()}" width="5" height="5"/></svg>')
    svg_style = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                 f'<style>@import url({base}/svg.css);</style><rect width="5" height="5"/></svg>')
    html = ('{% extends "!builtin/base.html" %}{% block head %}'
            f'<link rel="stylesheet" href="{base}/link.css">'
            f'<link rel="stylesheet" href="{secret.as_uri()}">'
            f'<link rel="icon" href="{base}/icon.png">'
            '{% endblock %}')
    part = (f'<img src="{base}/img.png"><img src="{secret.as_uri()}">'
            f'<object data="{base}/object.svg"></object><embed src="{base}/embed.svg">'
            f'<iframe src="{base}/frame.html"></iframe><video poster="{base}/p.png"></video>'
            '<img src="styles/audiences/evil.svg"><img src="styles/audiences/evil-style.svg">'
            f'<a href="{base}/anchor">a</a>')
    files = {
        "data/t.yaml": "title: T\nsummary: [x]\nsources:\n  - title: S\n"
                       f"    url: {base}/page\n",
        "styles/audiences/evil.svg": svg,
        "styles/audiences/evil-style.svg": svg_style,
        "templates/base.html": html,
        "templates/parts/summary.html": part,
        "styles/audiences/hostile.yaml": "css: hostile.css\n",
        "styles/audiences/hostile.css": css,
    }
    for name, text in files.items():
        path = project_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    project = Project(project_dir)
    report = build([project_dir / "data"], ["hostile"], project_dir / "out", project=project)
    assert report.built, report.problems
    assert server[1:] == [], "a build reached the network"
    asked = {(p.file.name, p.line) for p in report.warnings if p.file.suffix == ".css"}
    # Each refusal names the stylesheet that asked and its line; line 9's logo is allowed.
    assert asked == {("hostile.css", line) for line in range(2, 9)}
    with pytest.raises(GuideError):
        build([project_dir / "data"], ["hostile"], project_dir / "strict", strict=True,
              project=project)
    assert not (project_dir / "strict").exists()
    refused = " ".join(p.message for p in report.warnings)
    assert "refused" in refused and "secret.txt" in refused and "t.yaml" in refused
    assert "logo.svg" not in refused
    assert "img.png" in refused and "link.css" in refused and "svg.png" in refused


def test_the_package_styles_are_allowed(tree: tuple[Path, Path]) -> None:
    project, _ = tree
    fetcher = make_fetcher((project.resolve(), BUILTIN_STYLES.resolve()))
    fetched = fetcher.fetch((BUILTIN_STYLES / "base.css").as_uri())
    try:
        assert fetched.read() == (BUILTIN_STYLES / "base.css").read_bytes()
    finally:
        fetched.close()


def test_a_sheet_imports_what_css_says_it_does() -> None:
    css = ('/* @import "commented.css"; */\n@import url(classroom.css);\n'
           '@import "print.css" print;\n@import url("other.css") screen;\n'
           '.note::before { content: "@import \'not.css\'"; }\n')
    assert imports(css) == ["classroom.css", "print.css", "other.css"]
