# Two commands on a fresh machine: `make demo` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup demo test faults fuzz lint bench bench-e2e deploy-check clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: setup
	$(BIN)/jinlin demo

# Two processes (pytest-xdist): most of the suite waits on real processes and sockets, not the CPU.
# Each process has its own PostgreSQL database and temporary files; `make test PYTEST_N=0` runs serially.
PYTEST_N ?= 2
test: setup
	$(BIN)/pytest -n $(PYTEST_N) -m "not faults"

# The fault suite (~5 minutes), on both frameworks over the real HTTP fake Bot API, figures printed:
# delivery (429 storms, 5xx, timeouts, unparseable 2xx, the Bot API down 15 s) and several worker
# processes on PostgreSQL (50 claims at once, kill -9 of the sender and of the poller, every update twice,
# a private PostgreSQL cluster crashed and restarted under the bot).
faults: setup
	$(BIN)/pytest -p no:cacheprovider -m faults tests/faults

# The property-based tests at 10,000 examples each (a few hundred in `make test`), with counts.
FUZZ_TESTS := tests/unit/test_fuzz_reader.py tests/unit/test_fuzz_core.py tests/unit/test_privacy_masking.py
fuzz: setup
	JINLIN_FUZZ=long $(BIN)/pytest -q -p no:cacheprovider --hypothesis-show-statistics $(FUZZ_TESTS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: setup
	$(BIN)/python bench/bench_parser.py
	$(BIN)/python bench/bench_ranking.py

# The whole bot as a real process on each framework and database against bare echo bots, over the
# fake Bot API via HTTP (a few minutes; PostgreSQL at 127.0.0.1:5432): see bench/bench_e2e.py --help.
bench-e2e: setup
	$(BIN)/python bench/bench_e2e.py $(ARGS)

# The Dockerfile's steps outside a container, the installed bot's health check, the systemd units.
deploy-check:
	bash deploy/check.sh

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
