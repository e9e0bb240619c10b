# Les commandes : `make run` (séance guidée), `make install` (la commande `cafedemarches`
# partout), `make test` (toute la suite, rapide), `make test-long` (la suite, propriétés à fond).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Où `make install` met la commande : un dossier de l'utilisateur, souvent déjà dans le PATH.
BINDIR ?= $(HOME)/.local/bin

.PHONY: run install uninstall test test-long lint bench bytecode system-deps clean

$(STAMP): pyproject.toml
	@PY=$(PY) $(MAKE) --no-print-directory system-deps
	@$(PY) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Il faut Python 3.11 ou plus récent (trouvé : $$($(PY) --version 2>&1))." >&2; exit 1; }
	@test -x $(BIN)/pip || { rm -rf $(VENV) && $(PY) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@$(MAKE) --no-print-directory bytecode
	@touch $(STAMP)

# WeasyPrint a besoin de la bibliothèque Pango (et de HarfBuzz pour les polices) ; le venv de
# Python (python3-venv sur Debian et Ubuntu).
system-deps:
	@PY=$(PY) bash scripts/system-deps.sh

# Ctrl-C (code 130) est une fin normale : le kit a déjà dit en français que rien n'a été
# noté ; make n'y ajoute pas son « Error 130 » en anglais.
run: $(STAMP)
	@bash scripts/where-is-the-command.sh $(BIN) $(BINDIR)
	@$(BIN)/cafedemarches || [ $$? -eq 130 ]

# La commande `cafedemarches` pour l'utilisateur : un lien vers celle du dossier .venv ; un
# fichier ou un lien du même nom qui mène ailleurs n'est jamais remplacé.
install: $(STAMP)
	@bash scripts/command-link.sh install $(CURDIR)/$(BIN)/cafedemarches $(BINDIR)/cafedemarches
	@case ":$$PATH:" in *":$(BINDIR):"*) echo "Essayez : cafedemarches diagnostic" ;; \
	  *) echo "$(BINDIR) n'est pas dans le PATH : ajoutez la ligne"; \
	     echo "  export PATH=\"$(BINDIR):\$$PATH\""; \
	     echo "à la fin de ~/.bashrc (ou ~/.profile), puis ouvrez un nouveau terminal." ;; esac

# Retire seulement le lien de ce dossier (jamais un autre programme du même nom).
uninstall:
	@bash scripts/command-link.sh uninstall $(CURDIR)/$(BIN)/cafedemarches $(BINDIR)/cafedemarches

lint: $(STAMP)
	$(BIN)/ruff check cafedemarches tests benchmarks
	$(BIN)/ruff format --check cafedemarches tests benchmarks
	$(BIN)/mypy cafedemarches
	$(BIN)/lint-imports
	$(BIN)/vulture cafedemarches --min-confidence 80

test: $(STAMP) lint
	$(BIN)/python -m pytest -n auto

# Les mêmes tests, les propriétés (Hypothesis) essayées sur beaucoup plus de cas.
test-long: $(STAMP) lint
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest -n auto --timeout=3600

# Les modules du kit compilés d'avance, comme pip le fait pour un paquet installé : une
# installation modifiable (« pip install -e ») ne le fait pas, et Python ne les écrit pas
# lui-même quand PYTHONDONTWRITEBYTECODE est posé (certaines machines le posent). Sans eux,
# chaque lancement recompile les modules qu'il charge (environ 40 ms pour une lettre). Un
# module modifié depuis est simplement recompilé à la volée.
bytecode:
	@$(BIN)/python -m compileall -q cafedemarches

bench: $(STAMP) bytecode
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
