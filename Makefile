# Les deux commandes : `make run` (séance guidée) et `make test` (toute la suite).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench system-deps clean

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-deps
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# WeasyPrint a besoin de la bibliothèque Pango (et de HarfBuzz pour les polices).
system-deps:
	@bash scripts/system-deps.sh

run: $(STAMP)
	$(BIN)/cafedemarches

lint: $(STAMP)
	$(BIN)/ruff check cafedemarches tests benchmarks
	$(BIN)/ruff format --check cafedemarches tests benchmarks
	$(BIN)/mypy cafedemarches
	$(BIN)/lint-imports

test: $(STAMP) lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
