# Recurrent neural networks for sequence prediction: every command a learner or maintainer needs.
# Each target creates .venv from requirements.txt when it is missing or out of date.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JAX_STAMP := $(VENV)/.installed-jax
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))

# The shared modules (datasets, forecasting, plots, reporting) are installed into .venv in editable
# mode (`pip install -e .`): notebooks import them from any working directory. TensorFlow stays quiet.
export TF_CPP_MIN_LOG_LEVEL := 3
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help venv jax lab test lint unit nb docs readme bench clean

help:
	@echo "make lab    - open JupyterLab on notebooks/ (creates .venv first)"
	@echo "make test   - lint, unit tests and every notebook (nbmake)"
	@echo "make docs   - execute every notebook in place, export docs/*.md, rewrite the README table"
	@echo "make readme - rewrite the README results table from results/*.json"
	@echo "make bench  - time every notebook from scratch (BACKENDS='tensorflow jax', RUNS=3)"
	@echo "make clean  - remove caches and scratch files (keeps .venv)"

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

$(JAX_STAMP): requirements-jax.txt $(STAMP)
	$(BIN)/python -m pip install --quiet -r requirements-jax.txt
	@touch $@

venv: $(STAMP)

# Optional JAX backend (CPU): KERAS_BACKEND=jax make lab
jax: $(JAX_STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks --no-browser --ip=127.0.0.1 --port=8888 \
	    $(if $(filter 0,$(shell id -u)),--allow-root)

lint: $(STAMP)
	$(BIN)/ruff check datasets.py helpers.py tools tests notebooks

# Results written while testing go to a scratch folder: the committed results/ stay as they are.
test: lint
	SERIES_RESULTS_DIR=$$(mktemp -d) $(BIN)/python -m pytest tests notebooks

unit: $(STAMP)
	$(BIN)/python -m pytest tests

# Execute every notebook in place (outputs are committed), export docs/, rewrite the README table.
docs: $(STAMP)
	$(BIN)/python tools/nbtools.py execute
	rm -rf docs && mkdir -p docs
	$(BIN)/python tools/nbtools.py export
	$(MAKE) --no-print-directory readme

# One notebook: make nb NB=notebooks/01_multi_signal_sines.ipynb (execute in place + export).
nb: $(STAMP)
	@test -n "$(NB)" || { echo "usage: make nb NB=notebooks/NN_slug.ipynb"; exit 2; }
	$(BIN)/python tools/nbtools.py execute $(NB)
	$(BIN)/python tools/nbtools.py export $(NB)

readme: $(STAMP)
	$(BIN)/python tools/readme.py

BACKENDS ?= tensorflow jax
RUNS ?= 3
bench: $(STAMP) $(if $(findstring jax,$(BACKENDS)),$(JAX_STAMP))
	$(BIN)/python tools/bench.py --backends $(BACKENDS) --runs $(RUNS) $(NB)
	$(MAKE) --no-print-directory readme

clean:
	rm -rf .pytest_cache .ruff_cache **/__pycache__ __pycache__ tests/__pycache__ tools/__pycache__ \
	       notebooks/.ipynb_checkpoints
