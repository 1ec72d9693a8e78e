# Two commands on a fresh machine: `make demo` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup demo test faults lint bench deploy-check clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: setup
	$(BIN)/jinlin demo

test: setup
	$(BIN)/pytest -m "not faults"

# The fault suite: several worker processes on PostgreSQL (50 claims at once, kill -9 of the
# sender and of the poller, every update twice) on both frameworks; prints its figures.
faults: setup
	$(BIN)/pytest -p no:cacheprovider -m faults tests/faults

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: setup
	$(BIN)/python bench/bench_parser.py
	$(BIN)/python bench/bench_ranking.py

# The Dockerfile's steps outside a container, the installed bot's health check, the systemd units.
deploy-check:
	bash deploy/check.sh

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
