"""Pictures of printed pages: a page of each PDF (the first, unless told) as a PNG, for
galleries and docs.

    python -m guide.press.preview OUT_DIR SHEET.pdf ... [--width PIXELS] [--page N]
"""

from __future__ import annotations

import argparse
from pathlib import Path


def page_png(pdf: Path, png: Path, width: int = 600, number: int = 1) -> Path:
    """Render page `number` of `pdf` (1-based; -1 is the last) to `png`, `width` pixels
    wide."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[number - 1 if number > 0 else len(document) + number]
        image = page.render(scale=width / page.get_size()[0]).to_pil().convert("RGB")
    finally:
        document.close()
    png.parent.mkdir(parents=True, exist_ok=True)
    image.quantize(colors=128).save(png, optimize=True)
    return png


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("pdfs", type=Path, nargs="+")
    parser.add_argument("--width", type=int, default=600)
    parser.add_argument("--page", type=int, default=1, help="which page: 1, 2, ...; -1 the last")
    args = parser.parse_args(argv)
    suffix = {1: "", -1: "-last"}.get(args.page, f"-page{args.page}")
    for pdf in args.pdfs:
        print(page_png(pdf, args.out_dir / f"{pdf.stem}{suffix}.png", args.width, args.page))


if __name__ == "__main__":
    main()
