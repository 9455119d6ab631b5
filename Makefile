# Recurrent neural networks for sequence prediction: every command a learner or maintainer needs.
# Each target creates .venv from requirements.lock (the exact versions that made the committed
# outputs) when it is missing or out of date; requirements.txt keeps the supported ranges.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JAX_STAMP := $(VENV)/.installed-jax
LOCK   := requirements.lock
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))

# The shared modules (datasets, forecasting, plots, reporting) are installed into .venv in editable
# mode (`pip install -e .`): notebooks import them from any working directory. TensorFlow stays quiet.
export TF_CPP_MIN_LOG_LEVEL := 3
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help venv jax gpu lab test test-gpu lint unit nb docs readme bench seeds lock clean

help:
	@echo "make lab    - open JupyterLab on notebooks/ (creates .venv first)"
	@echo "make test   - lint, unit tests and every notebook (nbmake)"
	@echo "make docs   - execute every notebook in place, export docs/*.md, rewrite the README table"
	@echo "make readme - rewrite the README results table from results/*.json"
	@echo "make bench  - time every notebook from scratch (BACKENDS='tensorflow jax', RUNS=3)"
	@echo "make seeds  - run every notebook per seed (SEEDS='1 2 3 4 5'), write benchmarks/seeds.md"
	@echo "              PARAMS='TRAINING_STEPS=12000 BATCH_SIZE=128' NB=notebooks/02_superposed_sines.ipynb: 02's long recipe"
	@echo "make gpu    - install the CUDA build of JAX; make test-gpu runs the suite on the GPU"
	@echo "make lock   - re-resolve requirements.txt in a clean venv and pin it in requirements.lock"
	@echo "make clean  - remove caches and scratch files (keeps .venv)"

$(STAMP): $(LOCK) pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

$(JAX_STAMP): requirements-jax.txt $(STAMP)
	$(BIN)/python -m pip install --quiet -r requirements-jax.txt
	@touch $@

venv: $(STAMP)

# Optional JAX backend (CPU): KERAS_BACKEND=jax make lab
jax: $(JAX_STAMP)

# JAX with CUDA (an NVIDIA GPU): then `make test-gpu`.
gpu: $(STAMP)
	$(BIN)/python -m pip install --quiet "jax[cuda12]~=0.10.0"

test-gpu: $(STAMP)
	@KERAS_BACKEND=jax $(BIN)/python -c "import jax, sys; d = jax.devices(); print('JAX devices:', d); \
	    sys.exit(0 if any(x.platform == 'gpu' for x in d) else 'no GPU visible to JAX: run make gpu on a machine with an NVIDIA GPU')"
	KERAS_BACKEND=jax $(BIN)/python -m pytest tests notebooks

# JupyterLab's question about Jupyter news is answered "no" for this environment only (an
# overrides.json in .venv; a user's own setting still wins).
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings
lab: $(STAMP)
	@mkdir -p $(LAB_SETTINGS)
	@printf '%s\n' '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}' \
	    > $(LAB_SETTINGS)/overrides.json
	$(BIN)/jupyter lab --notebook-dir=notebooks --no-browser --ip=127.0.0.1 --port=8888 \
	    $(if $(filter 0,$(shell id -u)),--allow-root)

LINTED := classification.py datasets.py forecasting.py plots.py reporting.py training.py conftest.py tools tests notebooks benchmarks
lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

# The notebooks and tests run in WORKERS parallel processes (pytest-xdist), each notebook with one
# thread per TensorFlow operation (SERIES_THREADS=1, training.configure_threads): one notebook per
# core. (A single run keeps TensorFlow's default pools: benchmarks/threads.py.) They write
# their results into one scratch folder (results/ stay as committed); then the reproduction check
# compares those fresh figures with the committed results/*.json.
WORKERS ?= 2
test: lint
	@results=$$(mktemp -d) && export SERIES_RESULTS_DIR=$$results SERIES_THREADS=1 && \
	$(BIN)/python -m pytest -n $(WORKERS) --dist worksteal tests notebooks \
	    --ignore=tests/test_reproduction.py && \
	$(BIN)/python -m pytest tests/test_reproduction.py

unit: $(STAMP)
	$(BIN)/python -m pytest tests

# Execute every notebook in place (outputs are committed), export docs/, rewrite the README table.
# Committed outputs are executed as the test suite executes them (SERIES_THREADS=1), so that the
# reproduction check compares like with like.
docs: $(STAMP)
	SERIES_THREADS=1 $(BIN)/python tools/nbtools.py execute
	rm -rf docs && mkdir -p docs
	$(BIN)/python tools/nbtools.py export
	$(MAKE) --no-print-directory readme

# One notebook: make nb NB=notebooks/01_multi_signal_sines.ipynb (execute in place, export, and
# rewrite the README table: a re-executed notebook can rename its hero figure).
nb: $(STAMP)
	@test -n "$(NB)" || { echo "usage: make nb NB=notebooks/NN_slug.ipynb"; exit 2; }
	SERIES_THREADS=1 $(BIN)/python tools/nbtools.py execute $(NB)
	$(BIN)/python tools/nbtools.py export $(NB)
	$(MAKE) --no-print-directory readme

readme: $(STAMP)
	$(BIN)/python tools/readme.py

BACKENDS ?= tensorflow jax
RUNS ?= 3
bench: $(STAMP) $(if $(findstring jax,$(BACKENDS)),$(JAX_STAMP))
	$(BIN)/python tools/runs.py bench $(NB) --backends $(BACKENDS) --runs $(RUNS)
	$(MAKE) --no-print-directory readme

SEEDS ?= 1 2 3 4 5
BACKEND ?= tensorflow
seeds: $(STAMP) $(if $(findstring jax,$(BACKEND)),$(JAX_STAMP))
	$(BIN)/python tools/runs.py seeds $(NB) --seeds $(SEEDS) --backends $(BACKEND) \
	    $(foreach p,$(PARAMS),--param $(p))
	$(MAKE) --no-print-directory readme

# The lock: requirements.txt resolved in a clean venv by pip itself and frozen (`pip freeze`), so
# that it pins every package, dependencies included, at what this machine's pip installed. (No
# extra tool such as pip-tools or uv to install; the price is that the lock is this platform's
# resolution: Linux x86-64, CPython 3.11.) Re-execute the notebooks (`make docs`) after a refresh.
LOCK_VENV := .lock-venv
lock:
	rm -rf $(LOCK_VENV) && $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/python -m pip install --quiet -r requirements.txt
	{ echo "# Exact versions that produced the committed outputs: made by \`make lock\` (pip freeze of a"; \
	  echo "# clean venv with requirements.txt installed), Python $$($(LOCK_VENV)/bin/python -c 'import platform; print(platform.python_version())'), $$(uname -sm)."; \
	  $(LOCK_VENV)/bin/python -m pip freeze --exclude-editable; } > $(LOCK)
	rm -rf $(LOCK_VENV)

clean:
	rm -rf .pytest_cache .ruff_cache **/__pycache__ __pycache__ tests/__pycache__ tools/__pycache__ \
	       notebooks/.ipynb_checkpoints
