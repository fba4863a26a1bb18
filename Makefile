# Set-up is part of every target: a fresh clone needs only `make pdf` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: pdf test bench gallery readme-images messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

pdf: $(STAMP)
	$(BIN)/guide build data -o out
	$(BIN)/guide build data -o out --booklet sample --title "International organisations" \
		--subtitle "Fact sheets with one answer key"

# The browser test drives Debian's Chromium (through Playwright, which brings no browser).
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(CHROMIUM):
	$(SUDO) apt-get install -y -q chromium || \
		($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium)

# The text tests read PDFs as pdftotext (Debian's poppler-utils) and pdf.js (from npm, pinned
# in tests/js/package-lock.json, run by the machine's Node.js) read them.
PDFTOTEXT := /usr/bin/pdftotext
PDFJS := tests/js/node_modules/.package-lock.json

$(PDFTOTEXT):
	$(SUDO) apt-get install -y -q poppler-utils || \
		($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q poppler-utils)

$(PDFJS): tests/js/package.json tests/js/package-lock.json
	npm ci --prefix tests/js --no-audit --no-fund
	touch $@

test: $(STAMP) $(CHROMIUM) $(PDFTOTEXT) $(PDFJS)
	$(BIN)/ruff check guide tests
	$(BIN)/pytest -q

# Speed, as ratios measured in one run; written to docs/benchmark.md.
bench: $(STAMP)
	$(BIN)/python tests/benchmark.py

# The first page of the CSTO sheet in every built-in audience, under out/gallery/.
gallery: $(STAMP)
	$(BIN)/guide build data/csto.yaml -a all -o out/gallery
	$(BIN)/python -m guide.preview out/gallery out/gallery/*.pdf --width 600

# Refresh the pictures in the README from a new gallery: first pages, then the CSTO
# sheet's second and last pages and a duplex booklet's cover and key, under docs/gallery.
readme-images: gallery
	$(BIN)/python -m guide.preview docs out/gallery/csto-classroom.pdf --width 900
	mv docs/csto-classroom.png docs/csto-classroom-page1.png
	$(BIN)/python -m guide.preview docs/gallery out/gallery/*.pdf --width 360
	$(BIN)/python -m guide.preview docs/gallery out/gallery/csto-classroom.pdf --width 360 --page 2
	$(BIN)/python -m guide.preview docs/gallery out/gallery/csto-classroom.pdf --width 360 --page -1
	$(BIN)/guide build data -o out/gallery --booklet sample --duplex --title "International organisations" \
		--subtitle "Fact sheets with one answer key" --school "Hillside School" --subject "Year 10 History"
	$(BIN)/python -m guide.preview docs/gallery out/gallery/sample-classroom.pdf --width 360
	$(BIN)/python -m guide.preview docs/gallery out/gallery/sample-classroom.pdf --width 360 --page -1

# Gather the words guide prints itself into guide/locale/guide.pot, and bring every
# language's catalogue (guide/locale/<lang>/LC_MESSAGES/guide.po) up to date with it.
messages: $(STAMP)
	$(BIN)/pybabel extract -F guide/locale/babel.cfg -k _ -o guide/locale/guide.pot \
		--no-location --omit-header --sort-output .
	$(BIN)/pybabel update -i guide/locale/guide.pot -d guide/locale -D guide \
		--no-fuzzy-matching

clean:
	rm -rf $(VENV) out/*.pdf out/*.html
