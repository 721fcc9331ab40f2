# One task runner. `make run` and `make test` bootstrap themselves: they create .venv,
# install the pinned Python packages and, where needed and possible, the system packages.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
PACK    := build/demo.sqlite

.PHONY: run test fuzz lint format bench pack screenshots printouts messages accessibility clean system-deps help

help:
	@echo "make run          start the kiosk on the demo content pack (windowed)"
	@echo "make test         run the test suite"
	@echo "make lint         ruff check, format check, import contracts (the layers)"
	@echo "make fuzz         property-based tests for MINUTES (default 30) with a large budget"
	@echo "make bench        benchmarks (results: docs/benchmarks.md)"
	@echo "make pack         build the demo content pack into $(PACK)"
	@echo "make screenshots  render the app's screens into docs/screenshots/"
	@echo "make printouts    render every kind of printout into docs/printouts/"
	@echo "make accessibility  measure every screen on the supported screens (docs/accessibility-measurements.md)"
	@echo "make messages     update content/presentation/locale/*/kiosk.po from the strings in the code"

$(STAMP): requirements.txt pyproject.toml | system-deps
	@$(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

system-deps:
	@PYTHON=$(PY) scripts/system-deps.sh

# Rebuilt when the demo content changes, and when the builder does (a new index, say).
$(PACK): $(STAMP) $(shell find content/demo -type f 2>/dev/null) $(shell find content -name "*.py" -not -path "*/demo/*" 2>/dev/null)
	@mkdir -p build
	$(BIN)/kiosk content build content/demo -o $(PACK)

pack: $(PACK)

run: system-deps $(PACK)
	$(BIN)/kiosk run --pack $(PACK) --windowed

# One worker a core (pytest-xdist; pyproject's addopts and tests/conftest.py say how).
# Bytecode is written even where the environment says not to (PYTHONDONTWRITEBYTECODE):
# pytest keeps its rewritten test modules and the app processes the tests start keep the
# compiled app, a few seconds of every run after the first (__pycache__ is not committed).
test: system-deps $(STAMP)
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest -q

# The property-based tests (Hypothesis) run in `make test` with a small budget each; this
# runs them round after round with new seeds for MINUTES. Example: make fuzz MINUTES=5
MINUTES ?= 30
fuzz: system-deps $(STAMP)
	$(BIN)/python scripts/fuzz.py --minutes $(MINUTES)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/ruff format --check .
	$(BIN)/python scripts/messages.py --check

messages: $(STAMP)
	$(BIN)/python scripts/messages.py

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python -m bench

screenshots: system-deps $(PACK)
	$(BIN)/python -m kiosk.app.screenshots --pack $(PACK) --out docs/screenshots

printouts: system-deps $(PACK)
	$(BIN)/python -m printouts.samples --pack $(PACK) --out docs/printouts

clean:
	rm -rf build .pytest_cache

# The real app on each supported screen, every screen measured (kiosk/app/measure.py).
accessibility: system-deps $(PACK)
	$(BIN)/python -m kiosk.app.measure report $(PACK) docs/accessibility-measurements.md
