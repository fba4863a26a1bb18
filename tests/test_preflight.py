"""PDF/A-1b as an archive checks it: every kind of output guide writes with
`--pdf-variant pdf/a-1b` passes Apache PDFBox's Preflight (Debian's libpdfbox2-java, which
`make test` installs): sheets with charts, in English and in Hindi, flashcards, a booklet
and an imposed booklet."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from guide.api import build, build_booklet
from guide.source.resources import Project

from samples import copy_samples

REPO = Path(__file__).resolve().parent.parent
JAVA = Path("/usr/share/java")
# Preflight and what it needs on Java 17 (JAXB, JavaBeans Activation), by Debian's paths.
CLASSPATH = [JAVA / f"{jar}.jar" for jar in (
    "preflight", "pdfbox2", "fontbox2", "xmpbox", "commons-logging", "jaxb-api",
    "javax.activation")]
VARIANT = "pdf/a-1b"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """data/ (charts in CSTO and NATO, a Hindi edition) as PDF/A-1b sheets, flashcards, a
    booklet and an imposed one; the booklet built plain first, with the cache on."""
    root = tmp_path_factory.mktemp("preflight")
    copy_samples(root)
    project, out = Project(root), root / "out"
    csto, hindi = root / "data" / "csto.yaml", root / "data" / "csto.hi.yaml"
    reports = [
        build([root / "data"], ["classroom"], out, pdf_variant=VARIANT, project=project),
        # the audience with the most anchored chart text
        build([csto], ["dyslexia-friendly"], out, pdf_variant=VARIANT, project=project),
        build([hindi], ["classroom"], out, pdf_variant=VARIANT, flashcards=True,
              project=project),
    ]
    reports.append(build([csto], ["classroom"], root / "plain", project=project))
    # On A5, so that the imposed booklet (2up: on A4, its pages A5) shares its parts.
    booklet = {"paper": "A5", "project": project}
    plain = build_booklet([csto, hindi], "booklet", ["classroom"], root / "plain", **booklet)
    variant = build_booklet([csto, hindi], "booklet", ["classroom"], out,
                            pdf_variant=VARIANT, **booklet)
    reports += [plain, variant, build_booklet([csto, hindi], "imposed", ["classroom"], out,
                                              impose="2up", pdf_variant=VARIANT, **booklet)]
    for report in reports:
        assert report.ok and not report.failed, report.problems
    return {"out": out, "plain": plain.built[0], "booklet": variant,
            "plain sheet": root / "plain" / "csto-classroom.pdf"}


def preflight(paths: list[Path], folder: Path) -> dict[str, list[str]]:
    """Preflight's findings for each file, by name: [] for a valid PDF/A-1b. One Java
    process for all (its group mode), as starting Java is most of the time."""
    missing = [str(jar) for jar in CLASSPATH if not jar.is_file()]
    assert not missing, f"{missing} missing: `make test` installs them"
    listing = folder / "files.txt"
    listing.write_text("".join(f"{path}\n" for path in paths))
    subprocess.run(["java", "-cp", ":".join(map(str, CLASSPATH)),
                    "org.apache.pdfbox.preflight.Validator_A1b", "xml", "group", str(listing)],
                   check=True, capture_output=True, timeout=600)
    results = ET.parse(f"{listing}.preflight.xml").getroot()
    found = {}
    for result in results.iter("preflight"):
        valid = result.findtext("isValid") == "true"
        found[result.get("name")] = [] if valid else [
            f"{error.findtext('code')}: {error.findtext('details')[:160]}"
            for error in result.iter("error")]
    return found


def test_every_pdf_a_1b_output_passes_preflight(built: dict[str, object],
                                                tmp_path: Path) -> None:
    paths = sorted(built["out"].glob("*.pdf"))
    names = {path.name for path in paths}
    assert {"csto-dyslexia-friendly.pdf", "nato-classroom.pdf", "csto.hi-classroom.pdf",
            "csto.hi-classroom-flashcards.pdf", "booklet-classroom-a5.pdf",
            "imposed-classroom-a5.pdf"} <= names
    findings = preflight(paths, tmp_path)
    assert set(findings) == names
    assert {name: errors for name, errors in findings.items() if errors} == {}


def test_a_booklet_in_a_variant_is_not_the_plain_one_from_the_cache(
        built: dict[str, object]) -> None:
    report = built["booklet"]
    target = built["out"] / "booklet-classroom-a5.pdf"
    assert report.built == [target] and report.cached == []
    assert target.read_bytes() != built["plain"].read_bytes()
    with pikepdf.open(target) as pdf, pdf.open_metadata() as meta:
        assert pdf.pdf_version == "1.4"
        assert meta.get("{http://www.aiim.org/pdfa/ns/id/}part") == "1"
        assert "/OutputIntents" in pdf.Root


def _letters(path: Path) -> list[tuple[str, tuple[float, ...]]]:
    letters = []
    for page in pdfium.PdfDocument(path):
        text = page.get_textpage()
        letters += [(text.get_text_range(i, 1), tuple(round(v, 2) for v in text.get_charbox(i)))
                    for i in range(text.count_chars())]
    return letters


def test_pdf_a_1_draws_every_letter_where_the_plain_sheet_does(
        built: dict[str, object]) -> None:
    """The charts' years and left-hand timeline labels, drawn without the transparency
    group PDF/A-1 forbids, stay where they were."""
    plain = _letters(built["plain sheet"])
    assert len(plain) > 1000
    assert _letters(built["out"] / "csto-classroom.pdf") == plain
