# Set-up is part of every target: a fresh clone needs only `make pdf` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: pdf test golden bench gallery readme-images messages schemas clean

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

# The JavaScript tools tests drive, from npm at the versions tests/js/package-lock.json pins:
# axe-core (loaded into Chromium) and the YAML language server editors run; Debian's nodejs
# and npm run them.
NODE_MODULES := tests/js/node_modules/.package-lock.json

/usr/bin/npm:
	$(SUDO) apt-get install -y -q nodejs npm || \
		($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q nodejs npm)

$(NODE_MODULES): tests/js/package.json tests/js/package-lock.json | /usr/bin/npm
	npm ci --prefix tests/js --no-audit --no-fund

# The PDF/A test runs Apache PDFBox's Preflight from Debian (libpdfbox2-java), on Java;
# Java 17 no longer ships the JAXB and Activation it needs, so they come as packages too.
PREFLIGHT := /usr/share/java/preflight.jar /usr/share/java/jaxb-api.jar \
	/usr/share/java/javax.activation.jar /usr/bin/java
PREFLIGHT_PACKAGES := libpdfbox2-java libjaxb-api-java libactivation-java default-jre-headless

$(PREFLIGHT) &:
	$(SUDO) apt-get install -y -q $(PREFLIGHT_PACKAGES) || \
		($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q $(PREFLIGHT_PACKAGES))


# The text tests read PDFs as pdftotext (Debian's poppler-utils) reads them.
PDFTOTEXT := /usr/bin/pdftotext

$(PDFTOTEXT):
	$(SUDO) apt-get install -y -q poppler-utils || \
		($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q poppler-utils)

# Two workers (pytest-xdist), a module's tests on one (tests/conftest.py says why).
test: $(STAMP) $(CHROMIUM) $(NODE_MODULES) $(PREFLIGHT) $(PDFTOTEXT)
	$(BIN)/ruff check guide tests
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest -q -n 2 --dist loadfile

# The digests of the sample outputs tests/test_golden.py keeps, after a change meant to
# alter them.
golden: $(STAMP)
	$(BIN)/python tests/golden/outputs.py

# Speed, as ratios measured in one run; written to docs/benchmark.md. guide's bytecode is
# compiled first, as pip compiles an installed package's (an editable install under
# PYTHONDONTWRITEBYTECODE, as here, would compile every module at every start).
bench: $(STAMP)
	$(BIN)/python -m compileall -q guide
	$(BIN)/python tests/benchmark.py

# The first page of the CSTO sheet in every built-in audience, under out/gallery/.
gallery: $(STAMP)
	$(BIN)/guide build data/csto.yaml -a all -o out/gallery
	$(BIN)/python -m guide.press.preview out/gallery out/gallery/*.pdf --width 600

# Refresh the pictures in the README from a new gallery: first pages, then the CSTO
# sheet's second and last pages and a duplex booklet's cover and key, under docs/gallery.
readme-images: gallery
	$(BIN)/python -m guide.press.preview docs out/gallery/csto-classroom.pdf --width 900
	mv docs/csto-classroom.png docs/csto-classroom-page1.png
	$(BIN)/python -m guide.press.preview docs/gallery out/gallery/*.pdf --width 360
	$(BIN)/python -m guide.press.preview docs/gallery out/gallery/csto-classroom.pdf --width 360 --page 2
	$(BIN)/python -m guide.press.preview docs/gallery out/gallery/csto-classroom.pdf --width 360 --page -1
	$(BIN)/guide build data -o out/gallery --booklet sample --duplex --title "International organisations" \
		--subtitle "Fact sheets with one answer key" --school "Hillside School" --subject "Year 10 History"
	$(BIN)/python -m guide.press.preview docs/gallery out/gallery/sample-classroom.pdf --width 360
	$(BIN)/python -m guide.press.preview docs/gallery out/gallery/sample-classroom.pdf --width 360 --page -1

# Gather the words guide prints itself into guide/locale/guide.pot, and bring every
# language's catalogue (guide/locale/<lang>/LC_MESSAGES/guide.po) up to date with it.
messages: $(STAMP)
	$(BIN)/pybabel extract -F guide/locale/babel.cfg -k _ -o guide/locale/guide.pot \
		--no-location --omit-header --sort-output .
	$(BIN)/pybabel update -i guide/locale/guide.pot -d guide/locale -D guide \
		--no-fuzzy-matching

# The JSON Schemas of topic, audience and guide.yaml files, into guide/schemas/, after a
# model changes (a test fails until they match).
schemas: $(STAMP)
	$(BIN)/python -m guide.source.schema

clean:
	rm -rf $(VENV) out/*.pdf out/*.html
