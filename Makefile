# Two commands on a fresh machine: `make demo` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup demo test fuzz lint bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: setup
	$(BIN)/jinlin demo

test: setup
	$(BIN)/pytest

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

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
