"""`guide serve`: a preview page on localhost showing the printed pages as images, with an
audience and paper switcher and the topic's messages beside them, refreshing itself when a
file changes.

The page asks `/state` for the chosen topic, audience and paper; the sheet is built then
(through the build cache) and its pages rendered to PNG on request. A watcher bumps a
version number at each saved change, which the page sees on its next poll. Whatever a
request asks, the answer is a page, an image, JSON or a message in plain words with its
HTTP status: a broken guide.yaml or topic is shown on the page, never a dropped reply.
"""

from __future__ import annotations

import json
import sys
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from guide.api import build, check, topic_files
from guide.errors import GuideError, Problem
from guide.source.audience import audience_files, load_audience
from guide.source.config import Config, load_config
from guide.source.paper import CHOOSABLE
from guide.source.resources import Project
from guide.studio.watch import saved_changes

PAGE_WIDTH_PX = 1240  # a page image, about 150 dpi on A4


class Refused(Exception):
    """A request the preview cannot answer: the HTTP status, and what to tell the page."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Preview:
    """What the page shows: topics and audiences to choose from, and built sheets."""

    project: Project
    paths: list[Path]
    out: Path
    version: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    states: dict[tuple[str, str, str, int], dict] = field(default_factory=dict)

    def topics(self) -> dict[str, Path]:
        try:
            return {path.stem: path for path in topic_files(self.paths)}
        except GuideError:
            return {}

    def options(self) -> dict[str, object]:
        """What the switcher offers; a broken guide.yaml only loses its default audience
        (building the sheet then reports it beside the pages)."""
        audiences = sorted(set(audience_files(self.project)) - {"default"})
        try:
            chosen = load_config(self.project).default_audiences[0]
        except GuideError:
            chosen = Config().default_audiences[0]
        return {"topics": sorted(self.topics()), "audiences": audiences,
                "papers": list(CHOOSABLE), "audience": chosen}

    def state(self, topic: str, audience: str, paper: str) -> dict[str, object]:
        """The sheet's page count and messages, built now if anything changed since."""
        key = (topic, audience, paper, self.version)
        with self.lock:
            if key not in self.states:
                self.states[key] = self._build(topic, audience, paper)
            return {"version": self.version, **self.states[key]}

    def _build(self, topic: str, audience: str, paper: str) -> dict[str, object]:
        """Build the sheet; its pages count only if this build wrote them (a sheet that
        failed leaves its last PDF behind, which is not what the topic says now)."""
        path = self.topics()[topic]
        try:
            report = build([path], [audience], self.folder(paper), paper=paper,
                           project=self.project)
            problems = check([path], [audience], project=self.project).problems
            problems += [p for p in report.problems if p not in problems]
            written = report.built + report.cached
        except GuideError as exc:
            problems, written = exc.problems, []
        pdf = self.pdf(topic, audience, paper)
        count = 0
        if pdf in written:
            import pypdfium2 as pdfium

            with pdfium.PdfDocument(pdf) as document:
                count = len(document)
        return {"pages": count, "problems": [_shown(p) for p in problems]}

    def folder(self, paper: str) -> Path:
        return self.out / paper

    def pdf(self, topic: str, audience: str, paper: str) -> Path:
        chosen = load_audience(audience, self.project).with_paper(paper)
        return self.folder(paper) / f"{chosen.file_stem(topic)}.pdf"

    def png(self, topic: str, audience: str, paper: str, number: int) -> bytes:
        """Page `number` (from 0) of the sheet as it is now: it may have fewer pages than
        when the page last asked for `/state`."""
        import io

        import pypdfium2 as pdfium

        sheet = f"{topic} for {audience} on {paper}"
        pdf = self.pdf(topic, audience, paper)
        with self.lock:
            if not pdf.is_file():
                raise Refused(HTTPStatus.NOT_FOUND, f"{sheet} is not built yet: ask /state first")
            with pdfium.PdfDocument(pdf) as document:
                if not 0 <= number < len(document):
                    raise Refused(HTTPStatus.NOT_FOUND,
                                  f"{sheet} has no page n={number}: it has {len(document)} "
                                  f"pages, n=0 to {len(document) - 1}")
                page = document[number]
                image = page.render(scale=PAGE_WIDTH_PX / page.get_width()).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        return buffer.getvalue()


def _shown(problem: Problem) -> dict[str, str]:
    return {"severity": str(problem.severity), "text": str(problem)}


def _number(query: dict[str, str]) -> int:
    """The page asked for, `n`, counted from 0."""
    try:
        return int(query.get("n", "0"))
    except ValueError:
        raise Refused(HTTPStatus.BAD_REQUEST,
                      f"n={query['n']!r} is not a page number: write n=0 for the first page"
                      ) from None


def make_server(preview: Preview, host: str = "127.0.0.1", port: int = 8000
                ) -> ThreadingHTTPServer:
    """The preview's HTTP server, bound to `host` (loopback unless asked otherwise)."""
    page = files("guide").joinpath("static/preview.html").read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            try:
                if url.path == "/":
                    self._send(page, "text/html; charset=utf-8")
                elif url.path == "/options":
                    self._json(preview.options())
                elif url.path == "/state":
                    self._json(preview.state(*self._choice(query)))
                elif url.path == "/page":
                    self._send(preview.png(*self._choice(query), _number(query)), "image/png")
                else:
                    raise Refused(HTTPStatus.NOT_FOUND, f"no such address: {url.path}")
            except Refused as exc:
                self._send(str(exc).encode(), "text/plain; charset=utf-8", exc.status)
            except Exception as exc:  # a bug or a full disk: still an answer the page shows
                message = f"the preview failed: {type(exc).__name__}: {exc}"
                self.log_error("%s %s", self.path, message)
                self._send(message.encode(), "text/plain; charset=utf-8",
                           HTTPStatus.INTERNAL_SERVER_ERROR)

        def _choice(self, query: dict[str, str]) -> tuple[str, str, str]:
            """The topic, audience and paper asked for, each one the preview knows."""
            options = preview.options()
            for name, known in (("topic", options["topics"]),
                                ("audience", options["audiences"]), ("paper", CHOOSABLE)):
                if query.get(name) not in known:
                    raise Refused(HTTPStatus.BAD_REQUEST,
                                  f"unknown {name} {query.get(name)!r}; known: "
                                  f"{', '.join(known) or 'none'}")
            return query["topic"], query["audience"], query["paper"]

        def _json(self, value: object) -> None:
            self._send(json.dumps(value).encode(), "application/json")

        def _send(self, body: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet: the terminal shows the builds, not every poll

        def log_error(self, format: str, *args: object) -> None:
            sys.stderr.write(f"{format % args}\n")  # but what failed, it shows

    return ThreadingHTTPServer((host, port), Handler)


def watch_changes(preview: Preview, stop: threading.Event) -> None:
    """Bump the preview's version at each saved change to topics, styles or templates."""
    for _ in saved_changes(preview.project, preview.paths, stop, debounce_ms=200):
        with preview.lock:
            preview.version += 1
