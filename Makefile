# briefbot: `make run` (the main job) and `make test` are all a fresh machine needs.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test lint lock bench clean floors

install: $(STAMP)

# Rebuilt only when the lock or the project metadata change.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: install
	$(BIN)/briefbot run

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check bot adapters handlers tests bench
	$(BIN)/mypy

bench: install
	$(BIN)/briefbot bench parse

# Re-pin every dependency (with hashes) after editing requirements.in.
lock:
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe -o requirements.lock requirements.in

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

# After a quality improvement: raise quality/floors.json to the new figures.
floors: install
	$(BIN)/python quality/update_floors.py
