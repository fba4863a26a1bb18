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

# Regenerate the page shown in the README.
readme-image: pdf
	$(BIN)/python -m guide.preview out/csto-classroom.pdf docs/csto-page1.png

clean:
	rm -rf $(VENV) out/*.pdf out/*.html
