"""The built wheel carries the styles and templates, and works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from pypdf import PdfReader

REPO = Path(__file__).resolve().parent.parent


def test_installed_wheel_builds_from_another_folder(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(dist), str(REPO)],
        check=True,
    )
    wheel = next(dist.glob("guide-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in [
        "guide/styles/base.css",
        "guide/styles/themes/classroom.css",
        "guide/styles/audiences/default.yaml",
        "guide/styles/audiences/classroom.yaml",
        "guide/styles/fonts/NotoSerif-Regular.ttf",
        "guide/styles/fonts/OFL.txt",
        "guide/templates/sheet.html",
        "guide/templates/parts/summary.html",
    ]:
        assert name in names, f"{name} missing from the wheel"

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "data").mkdir(parents=True)
    (elsewhere / "data" / "t.yaml").write_text("title: Elsewhere\nsummary: [A point.]\n")
    env = {**os.environ, "PYTHONPATH": str(site)}
    code = "import guide, sys; from guide.cli import main; print(guide.__file__); main()"
    result = subprocess.run(
        [sys.executable, "-c", code, "build"],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(str(site)), "ran the checkout, not the wheel"
    pdf = PdfReader(elsewhere / "out" / "t-classroom.pdf")
    fonts = {
        font.get_object()["/BaseFont"].split("+")[-1]
        for page in pdf.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all(name.startswith("Noto-") for name in fonts), fonts
