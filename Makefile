# Two commands set everything up on a fresh machine:
#   make demo   creates .venv, installs (compiling provenance/text/_fast.pyx), runs the demo on seeds/
#   make test   creates .venv, installs, runs the lint, format and type checks and the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# pytest-xdist processes for the suite (auto: one a core); PYTEST_WORKERS=0 runs it in this one
PYTEST_WORKERS ?= auto
DEMO_DB := demo/provenance.db

.PHONY: install demo test lint bench clean fuzz

$(STAMP): pyproject.toml setup.py provenance/text/_fast.pyx
	bash scripts/build-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	PATH="$(abspath $(BIN)):$$PATH" bash scripts/demo.sh $(DEMO_DB)

# The checks that keep the house straight run first: lint, format, types (the import direction is a test).
LINTED := provenance tests bench scripts migrations

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

# The browser tests (tests/web) use Debian's chromium: scripts/chromium.sh installs it when missing
# (apt-get, as root); where it cannot, they skip and say why.
test: lint
	bash scripts/chromium.sh ensure >/dev/null || echo "make test: chromium could not be installed; the browser tests will skip" >&2
	$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS)

# The whole suite against a private PostgreSQL server (scripts/postgres.sh installs Debian's
# postgresql when missing and starts it); every test gets its own database there. The server is
# stopped afterwards, pass or fail, and pytest's exit status is kept.
PG_STAMP := $(VENV)/.installed-postgres-stamp

$(PG_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,postgres]'
	touch $(PG_STAMP)

.PHONY: test-postgres
test-postgres: $(PG_STAMP)
	@url="$$(bash scripts/postgres.sh start)" || exit $$?; \
	status=0; PROVENANCE_TEST_DB="$$url" $(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) || status=$$?; \
	bash scripts/postgres.sh stop; exit $$status

# Hypothesis over the readers, ingest, compare and the CLI's arguments (tests/fuzz): the long profile,
# 2,500 examples a test, over 10,000 in all (make test runs the same tests with a few hundred).
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -p no:cacheprovider tests/fuzz --hypothesis-show-statistics

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	$(BIN)/python bench/accuracy.py

clean:
	rm -rf $(VENV) demo .pytest_cache .hypothesis build provenance/text/_fast.c provenance/text/_fast.*.so
