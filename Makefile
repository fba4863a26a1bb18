# Set-up is part of every target: a fresh clone needs only `make pdf` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: pdf test lint readme-image clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

pdf: $(STAMP)
	$(BIN)/guide build data -o out

test: $(STAMP)
	$(BIN)/ruff check guide tests
	$(BIN)/pytest -q

# Regenerate the page shown in the README from the built sheet.
readme-image: pdf
	$(BIN)/python -c "import pypdfium2 as p; p.PdfDocument('out/csto-classroom.pdf')[0]\
	.render(scale=1.5).to_pil().convert('RGB').quantize(colors=128)\
	.save('docs/csto-classroom-page1.png', optimize=True)"

clean:
	rm -rf $(VENV) out/*.pdf out/*.html
