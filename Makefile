# Cap BTS — two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-stamp
CATALOGUE := programmes/data/onisep

.PHONY: run install migrate import test test-fast lint pytest bench bench-scale loadtest screenshots clean messages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --verbosity 0

import: migrate
	$(PY) manage.py import_programmes $(CATALOGUE) --verbosity 0
	$(PY) manage.py generate_questionnaire_items

run: import
	@echo ""
	@echo "Cap BTS sur http://127.0.0.1:8000 (Ctrl+C pour arrêter)."
	@echo "Back-office : http://127.0.0.1:8000/admin/"
	@echo "  - compte administrateur (gère les comptes et tout le contenu) :"
	@echo "        $(PY) manage.py createsuperuser"
	@echo "  - démonstration : un compte conseiller et un compte rédaction (mots de passe"
	@echo "    affichés), une cohorte et une trentaine de réponses ; --reset pour recommencer :"
	@echo "        $(PY) manage.py demo"
	@echo ""
	$(PY) manage.py runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

# The same without the tests marked slow (the gunicorn load script), for quick local runs.
test-fast: lint
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n 2 -m "not slow" $(PYTEST_ARGS)

# HTTP throughput and CPU time per request of the main pages against a bare view (gunicorn
# -w 2, interleaved rounds), then the importer and the scoring engine. Loopback only; installs
# Debian's wrk when missing (root). Options, e.g. BENCH_HTTP_ARGS="--rounds 3 --duration 2 -v",
# "--strict".
bench: install
	$(PY) benchmarks/bench_http.py $(BENCH_HTTP_ARGS)
	$(PY) benchmarks/bench_import.py
	$(PY) benchmarks/bench_scoring.py

# Scale: counsellor pages, export and purge at 10,000 and 100,000 responses; completing a
# questionnaire and the discovery results at 123 / 1,000 / 5,000 programmes, each with its target.
# A throwaway SQLite site (several minutes, ~3 GB of disk at 100,000 responses). Options, e.g.
# BENCH_SCALE_ARGS="--quick" (smoke run), "--responses 10000 --programmes 1000", "--pg", "--strict".
bench-scale: install
	$(PY) benchmarks/bench_scale.py $(BENCH_SCALE_ARGS)

# 200 simulated students completing a questionnaire at once, on SQLite then PostgreSQL
# (DATABASE_URL or CAPBTS_LOAD_PG_URL, default the local capbts role).
loadtest: install
	$(PY) benchmarks/loadtest.py

# Phone and desktop screenshots of the main pages into docs/ (Debian's Chromium).
screenshots: install
	CAPBTS_SCREENSHOTS=docs $(BIN)/pytest -q tests/browser/test_screenshots.py

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache

# Re-extract the French catalogue after changing user-facing strings (needs GNU gettext).
# Sources are French: msgen copies each msgid to msgstr so French plural rules apply.
messages: install
	$(PY) manage.py makemessages -l fr --ignore ".venv/*" --ignore "tests/*" --ignore "benchmarks/*" --ignore "staticfiles/*"
	msgen locale/fr/LC_MESSAGES/django.po -o locale/fr/LC_MESSAGES/django.po
	$(PY) manage.py compilemessages -l fr --ignore ".venv/*"
