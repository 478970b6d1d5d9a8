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
export NO_MKDOCS_2_WARNING := 1
# builds are dated by the last commit (the sitemap's dates), so two builds of one commit are identical
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1767225600)
export PYTHONHASHSEED := 0

.PHONY: serve test build bench bench-reload install clean distclean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[docs,test]"
	touch $(STAMP)

$(TORCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet "$(TORCH)"
	touch $(TORCH_STAMP)

install: $(STAMP)

# Pyodide, the Python that lesson 4's try-it cell runs in the page (served by the site
# itself): fetched once into .cache/pyodide, verified against its pinned hash, checked on every run.
# Offline without it, serve, build and test stop within seconds, naming the file and this target.
.PHONY: pyodide
pyodide:
	$(PYTHON) scripts/fetch_pyodide.py

# --dirty: rebuild only the page you edited (hooks/incremental.py keeps that safe and strict)
serve: $(STAMP) pyodide
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

build: $(STAMP) pyodide
	$(BIN)/mkdocs build --strict --site-dir site

# two workers (this machine and CI have two cores); each test file stays on one worker
PYTEST_WORKERS ?= 2

test: $(TORCH_STAMP) pyodide
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile

bench: $(STAMP) pyodide
	$(BIN)/python scripts/bench.py

# seconds from saving lesson 3 to the page served again under make serve (no test framework)
bench-reload: $(STAMP) pyodide
	$(BIN)/python scripts/bench_reload.py -- --dirty

# the fetched Pyodide runtime (.cache/pyodide) stays: a clean build must still work offline
clean:
	rm -rf site .bench .cache/gdnotes-exec .cache/gdnotes-values .cache/gdnotes-render .cache/gdnotes-math .cache/mkdocs-jupyter

# everything made or downloaded: the virtual environment and the Pyodide runtime too
distclean: clean
	rm -rf .cache .venv
