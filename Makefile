# gdnotes: two commands set everything up (see README.md).
#   make serve  - install what is needed and serve the course with live reload
#   make test   - install what is needed and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TORCH_STAMP := $(VENV)/.torch-installed
# PyTorch is an optional extra for contributors; the tests need it. This
# release has a CPU-only wheel on the course machines (no multi-GB download).
TORCH  ?= torch==2.13.0
# extra pip arguments for that install (the Pages workflow points pip at PyTorch's CPU-only index)
TORCH_PIP_ARGS ?=
# every version the docs and test environment installs, torch's own dependencies
# included (torch itself is pinned by TORCH above); `make lock` refreshes it
LOCK   := requirements/lock.txt
export NO_MKDOCS_2_WARNING := 1
# builds are dated by the last commit (the sitemap's dates), so two builds of one commit are identical
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1767225600)
export PYTHONHASHSEED := 0

.PHONY: serve test build bench bench-reload install clean distclean lock lower-bounds

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e ".[docs,test]"
	touch $(STAMP)

$(TORCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c $(LOCK) $(TORCH_PIP_ARGS) "$(TORCH)"
	touch $(TORCH_STAMP)

install: $(STAMP)

# Pyodide, the Python that lesson 4's try-it cell runs in the page (served by the site
# itself): fetched once into .cache/pyodide, verified against its pinned hash, checked on every run.
# Offline without it, serve, build and test stop within seconds, naming the file and this target.
.PHONY: pyodide
pyodide:
	$(PYTHON) scripts/fetch_pyodide.py

# --dirty: rebuild only the page you edited (hooks/incremental.py keeps that safe and strict)
# served at http://127.0.0.1:8000/ itself, whatever site_url's path for Pages (GDNOTES_SITE_URL)
serve: $(STAMP) pyodide
	GDNOTES_SITE_URL=http://127.0.0.1:8000/ $(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

# the complete course: lesson 5 runs its PyTorch code, so the build needs torch as the tests do; then
# SITE_DIR/pdf/, the PDFs each lesson's header and the home page link (scripts/course_pdf.py, "make pdf" below):
# each one unchanged since the last build is copied from .cache/gdnotes-pdf, not printed again
SITE_DIR ?= site
# more arguments for that step (scripts/course_pdf.py --help): "--no-cache" prints every PDF again
PDF_ARGS ?=
build: $(TORCH_STAMP) pyodide
	$(BIN)/mkdocs build --strict --site-dir $(SITE_DIR)
	$(BIN)/python scripts/course_pdf.py $(SITE_DIR) $(PDF_ARGS)

# two workers (this machine and CI have two cores); each test file stays on one worker, but for the
# accessibility checks, whose pages come in three classes (shares), one for a worker each (tests/test_a11y.py)
PYTEST_WORKERS ?= 2

test: $(TORCH_STAMP) pyodide
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadscope

bench: $(STAMP) pyodide
	$(BIN)/python scripts/bench.py

# seconds from saving lesson 3 to the page served again under make serve (no test framework)
bench-reload: $(STAMP) pyodide
	$(BIN)/python scripts/bench_reload.py -- --dirty

# the fetched Pyodide runtime (.cache/pyodide) stays: a clean build must still work offline
clean:
	rm -rf site .bench .cache/gdnotes-exec .cache/gdnotes-values .cache/gdnotes-render .cache/gdnotes-notebooks .cache/mkdocs-jupyter .cache/gdnotes-pdf

# everything made or downloaded: the virtual environment and the Pyodide runtime too
distclean: clean
	rm -rf .cache .venv

# refresh the lock: install the docs and test extras and TORCH into a new, throwaway
# environment and write down what it holds (but torch)
LOCK_VENV := .cache/lock-venv
lock:
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --upgrade pip packaging
	$(LOCK_VENV)/bin/python scripts/lower_bounds.py --ranges > $(LOCK_VENV)/ranges.txt
	$(LOCK_VENV)/bin/python -m pip install --quiet -r $(LOCK_VENV)/ranges.txt "$(TORCH)"
	mkdir -p $(dir $(LOCK))
	{ echo "# The docs and test environment, made by \`make lock\` (Python $$($(LOCK_VENV)/bin/python -c 'import platform; print(platform.python_version())'), $$(uname -m))."; \
	  echo "# Used as pip constraints (-c) by the Makefile and .github/workflows/pages.yml; torch is pinned by the Makefile's TORCH."; \
	  $(LOCK_VENV)/bin/python -m pip freeze --exclude torch; } > $(LOCK)
	rm -rf $(LOCK_VENV)

# the oldest versions pyproject.toml allows (each lower bound pinned), in a throwaway
# environment, running the package's tests (no browser, no torch); not part of make test. setuptools as pyproject's
# build-system needs it: the site build makes the gdnotes wheel without build isolation (hooks/site_assets.py)
LOWER_VENV := .cache/lower-bounds-venv
lower-bounds:
	rm -rf $(LOWER_VENV)
	$(PYTHON) -m venv $(LOWER_VENV)
	$(LOWER_VENV)/bin/python -m pip install --quiet --upgrade pip packaging "setuptools>=77"
	$(LOWER_VENV)/bin/python scripts/lower_bounds.py > $(LOWER_VENV)/lower.txt
	$(LOWER_VENV)/bin/python -m pip install --quiet -c $(LOWER_VENV)/lower.txt -e ".[docs,test]"
	$(LOWER_VENV)/bin/python -m pip freeze --exclude gdnotes > $(LOWER_VENV)/installed.txt
	CI= $(LOWER_VENV)/bin/python -m pytest -q -p no:randomly -m "not browser and not site"
	rm -rf $(LOWER_VENV)

# every public function called with hostile arguments (tests/test_api_fuzz.py, thorough profile); prints
# "calls: N, clear: C, unclear: U, silent: S" and fails on any unclear or silent call outside the known faults
.PHONY: fuzz
fuzz: $(STAMP)
	GDNOTES_FUZZ=thorough $(BIN)/python tests/test_api_fuzz.py

# a way off MkDocs 1: build the course with ProperDocs and with Zensical (each in .cache/exit/) and
# compare with the MkDocs build (scripts/try_exit.py, table in .bench/exit.md); a trial, not a test
.PHONY: try-exit
try-exit: $(STAMP) pyodide
	$(PYTHON) scripts/try_exit.py

# the course on paper: SITE_DIR/pdf/ gets one PDF per lesson and gdnotes-course.pdf (every lesson, practice,
# glossary, bibliography; contents and bookmarks), printed from the built site in headless Chromium
# with the print stylesheet (scripts/course_pdf.py), dated SOURCE_DATE_EPOCH so two runs give the same bytes.
# make build runs this step too; make pdf alone prints an existing SITE_DIR again (or builds it if there is none)
.PHONY: pdf
pdf: $(TORCH_STAMP)
	test -f $(SITE_DIR)/index.html || $(MAKE) build
	$(BIN)/python scripts/course_pdf.py $(SITE_DIR) $(PDF_ARGS)

# the companion notebooks (docs/notebooks/lesson-0N.ipynb), written from each lesson's shown code blocks and its
# spec in the package (src/gdnotes/data/notebook-0N.md) by scripts/make_notebooks.py; never edit the .ipynb files
.PHONY: notebooks
notebooks: $(STAMP)
	$(BIN)/python scripts/make_notebooks.py

# Lighthouse 12 (mobile preset) on every page, served with gzip by nginx on loopback: a measurement, not a test.
# Writes .bench/lighthouse.md (scripts/lighthouse.py; npm's lighthouse@12.2.3 under .cache/lighthouse)
.PHONY: lighthouse
# runs a page (the table shows each number's median): one run moves total blocking time by about +-50 ms
LIGHTHOUSE_RUNS ?= 3
lighthouse: $(STAMP)
	$(BIN)/python scripts/lighthouse.py --runs $(LIGHTHOUSE_RUNS)

# a reader's run of a downloaded notebook: the site's wheel installed with the one documented command into a new
# virtual environment, then lesson 3's notebook run there (about 2 minutes of installing: not part of make test)
.PHONY: notebook-venv
notebook-venv: $(TORCH_STAMP) pyodide
	GDNOTES_FRESH_VENV=1 $(BIN)/python -m pytest tests/test_notebooks.py -k downloaded -p no:randomly -n 0
