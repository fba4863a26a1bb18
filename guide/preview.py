"""Pictures of printed pages: the first page of each PDF as a PNG, for galleries and docs.

    python -m guide.preview OUT_DIR SHEET.pdf ... [--width PIXELS]
"""

from __future__ import annotations

import argparse
from pathlib import Path


def first_page_png(pdf: Path, png: Path, width: int = 600) -> Path:
    """Render the first page of `pdf` to `png`, `width` pixels wide."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
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
    args = parser.parse_args(argv)
    for pdf in args.pdfs:
        print(first_page_png(pdf, args.out_dir / f"{pdf.stem}.png", args.width))


if __name__ == "__main__":
    main()
