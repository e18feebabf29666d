# The two commands: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
# The embedded defaults need no secret; production sets SECRET_KEY and leaves this unset.
export TRAINER_INSECURE_DEV_KEY ?= 1
export DEBUG ?= 1

.PHONY: run test lint format bench bench-quick audit fuzz clean browser postgres-programs wrk

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	PORT=$(PORT) $(BIN)/python -m trainer.run

test: $(STAMP) browser postgres-programs
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

# The browser tests (tests/browser/) drive Debian's Chromium. Installed here when missing and we are root;
# otherwise those tests fail and say why, unless TRAINER_SKIP_BROWSER=1 asks to skip them.
browser:
	@if [ "$${TRAINER_SKIP_BROWSER:-0}" != 1 ] && [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "== installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; \
	  else \
	    echo "!! /usr/bin/chromium is missing and this is not root: the browser tests will fail." >&2; \
	    echo "!! Install it (apt-get install chromium) or set TRAINER_SKIP_BROWSER=1 to skip them." >&2; \
	  fi; \
	fi

# The fault tests and bench/faults.py start a private PostgreSQL cluster (initdb, pg_ctl) that they may stop
# mid-load, never the shared server: they need PostgreSQL's server programs, installed here when missing and root.
postgres-programs:
	@if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "== installing Debian's postgresql for the fault tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql; \
	  else \
	    echo "!! PostgreSQL's server programs are missing and this is not root: the fault tests will fail." >&2; \
	    echo "!! Install them (apt-get install postgresql)." >&2; \
	  fi; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Static security checks: bandit over our code; pip-audit over the pinned requirements (it needs PyPI's or OSV's
# advisory service: a machine without it gets "could not be audited" lines, not a pass).
audit: $(STAMP)
	$(BIN)/bandit -q -c pyproject.toml -r trainer accounts reminders recovery intake training teams plans people core -x '*/migrations/*'
	@mkdir -p var; $(BIN)/pip-audit -r requirements.txt --progress-spinner off > var/pip-audit.txt 2>&1; status=$$?; \
	  cat var/pip-audit.txt; unaudited=$$(grep -c "could not be audited" var/pip-audit.txt); \
	  if [ "$$unaudited" -gt 0 ]; then \
	    echo "!! pip-audit: $$unaudited packages could not be audited (PyPI's per-release JSON API or osv.dev is"; \
	    echo "!! unreachable from this machine): this is NOT a pass for them. See docs/hardening.md."; \
	  fi; exit $$status

# The API fuzzing at CI strength, every schemathesis check: 100 examples per operation and role, and linked
# sequences (tests/fuzz/test_api_fuzz.py); `make test` runs the same tests at 5.
fuzz: $(STAMP)
	FUZZ_EXAMPLES=100 $(BIN)/python -m pytest -q -n 2 tests/fuzz

bench: $(STAMP) postgres-programs wrk
	TRAINER_INSECURE_DEV_KEY=1 $(BIN)/python bench/run_all.py

# Every benchmark at about a tenth of its size, in about a minute once var/bench-templates/ holds its migrated
# databases (the first run builds them): a check between full runs, whose figures are the ones to judge.
bench-quick: $(STAMP) postgres-programs wrk
	TRAINER_INSECURE_DEV_KEY=1 $(BIN)/python bench/run_all.py --quick

# bench/reads.py loads the API over HTTP with wrk, as issue 16 measured: installed here when missing and root.
wrk:
	@if ! command -v wrk >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "== installing Debian's wrk for the benchmarks"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk; \
	  else \
	    echo "!! wrk is missing and this is not root: bench/reads.py will stop. Install it (apt-get install wrk)." >&2; \
	  fi; \
	fi

clean:
	rm -rf $(VENV) var
