"""Results of the notebooks: the headline-metrics file each one writes, plain-text tables, and
the environment (the backend check, its thread settings and the ``jit_compile`` choice), and
the self-check of the exercises.

``save_results`` writes ``results/<notebook>.json``: the single source of a notebook's title,
source, metric, model, baselines and the original's figure. The README table is generated from
these files (``tools/readme.py``) and ``make test`` checks that a fresh run reproduces them.
While pytest runs, ``conftest.py`` points ``SERIES_RESULTS_DIR`` at a scratch folder so that
tests never rewrite the committed files.
"""

from __future__ import annotations

import json
import math
import os
import platform
from pathlib import Path

__all__ = [
    "ROOT",
    "check_answer",
    "check_environment",
    "fit_cost",
    "multiply_adds",
    "format_table",
    "jit_compile",
    "restart",
    "results_dir",
    "unroll",
    "save_results",
]

ROOT = Path(__file__).resolve().parent


# Threads per TensorFlow operation: the backend's own defaults unless ``SERIES_THREADS`` is set.
# benchmarks/threads.py (idle 2-core machine, notebook 02's model): default pools 60.0 ms a step of
# 256 windows, one thread 79.3 ms; at 128 windows 40.5 and 38.9 ms. So a single run keeps the
# defaults, and `make test`, which runs two notebooks at once, sets SERIES_THREADS=1 (one per core).


def configure_threads() -> int | None:
    """Set TensorFlow's thread pools from ``SERIES_THREADS`` and return the count (``None``: unset,
    the backend's defaults).

    Environment variables that TensorFlow reads when its runtime starts: call this before the
    first tensor is made (``check_environment`` does, in every notebook's setup cell). A variable
    the user has already set is left alone. JAX is left at its defaults: single-threaded XLA
    kernels made notebook 02's model slower there (24 -> 44 ms a step, measured on this machine).
    """
    raw = os.environ.get("SERIES_THREADS")
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"SERIES_THREADS must be a whole number of threads >= 1, got {raw!r}")
    threads = int(raw)
    os.environ.setdefault("TF_NUM_INTRAOP_THREADS", str(threads))
    os.environ.setdefault("TF_NUM_INTEROP_THREADS", str(threads))
    return threads


def check_environment() -> None:
    """Print the Keras backend and version; set the thread pools; check the modules' checkout.

    The Hugging Face library is also called ``datasets``: if it shadows ours, say so instead of
    failing later with a puzzling ``AttributeError``. And if the environment's editable install
    points to another checkout (a copied ``.venv``), a notebook would silently run that
    checkout's code and write its results there: refuse that too.
    """
    import keras

    import datasets

    ours = ROOT / "datasets.py"
    found = Path(getattr(datasets, "__file__", "") or "").resolve()
    if found != ours:
        raise ImportError(
            f"`import datasets` found {found}, not this series' {ours}. "
            "Another package named `datasets` "
            "(probably Hugging Face's) shadows it: run the notebooks in this repository's .venv "
            "(`make lab`, or `pip install -e .` in a fresh environment)."
        )
    checkout = Path.cwd().resolve().parent  # a notebook runs in its checkout's notebooks/
    if checkout != ROOT and (checkout / "reporting.py").exists():
        raise ImportError(
            f"this notebook runs in {checkout} but imports the series' modules from {ROOT}: "
            "the environment's editable install points to another checkout (a copied .venv?). "
            f"Run `pip install --no-deps -e .` in {checkout}."
        )
    threads = configure_threads()
    backend = keras.backend.backend()
    pools = ""
    if backend == "tensorflow":
        pools = (
            f", {threads} thread(s) per TensorFlow operation" if threads else ", default threads"
        )
    print(
        f"Keras {keras.__version__}, backend {backend}, Python {platform.python_version()}{pools}"
    )


def check_answer(answer, expected, *, what: str, rtol: float = 0.0) -> bool:
    """The self-check of an exercise: say whether ``answer`` is what was expected.

    ``answer`` still ``None`` (or ``...``): not attempted yet, so print what is expected and
    return False. Otherwise compare: numbers within the relative tolerance ``rtol``, anything else
    (a shape, a string) by equality; ``expected`` may also be a function that returns True for a
    right answer. A wrong answer raises an ``AssertionError`` that says what was expected.
    """
    if answer is None or answer is Ellipsis:
        print(f"Not attempted yet: {what}. Edit the cell above, then run this one again.")
        return False
    if callable(expected):
        right = bool(expected(answer))
    elif isinstance(expected, (int, float)) and not isinstance(expected, bool):
        right = abs(float(answer) - expected) <= rtol * abs(expected)
    else:
        right = answer == expected
    if not right:
        shown = "" if callable(expected) else f": expected {expected!r}"
        tolerance = f" (within {rtol:.0%})" if rtol else ""
        raise AssertionError(f"{what}{shown}{tolerance}, got {answer!r}")
    print(f"Correct: {what}.")
    return True


def jit_compile() -> bool:
    """The ``jit_compile`` argument of ``model.compile`` for this series: compile on JAX only.

    JAX always compiles a training step (with ``False`` Keras would run it op by op, far more
    slowly). On TensorFlow, XLA compilation of each new model costs more than it saves over fits
    of a few thousand small steps on a CPU: notebook 01's fit took about twice as long with
    ``"auto"`` as without (``benchmarks/jit_compile.py``; ``benchmarks/README.md``). One call,
    the same in every notebook, keeps one code path for both backends.
    """
    import keras

    return keras.backend.backend() == "jax"


# Weight blocks per recurrent cell: one for a simple RNN, three gates for a GRU, four for an LSTM.
_BLOCKS = {"SimpleRNN": 1, "GRU": 3, "LSTM": 4}


def recurrent_multiply_adds(kind: str, inputs: int, units: int, steps: int) -> int:
    """Multiply-adds of one recurrent layer over one sequence: at each step every weight block
    multiplies the input (``inputs`` wide) and the previous state (``units`` wide)."""
    if kind not in _BLOCKS:
        raise ValueError(f"kind must be one of {sorted(_BLOCKS)}, got {kind!r}")
    if min(inputs, units, steps) < 1:
        raise ValueError(f"inputs, units and steps must be >= 1, got {inputs}, {units}, {steps}")
    return _BLOCKS[kind] * (inputs + units) * units * steps


def _sequence_shape(layer) -> tuple:
    """The shape of a layer's (first) input: a recurrent layer called with ``initial_state`` has
    a list of inputs, the sequence first."""
    given = layer.input
    if isinstance(given, (list, tuple)):
        given = given[0]
    return tuple(given.shape)


def multiply_adds(model) -> int:
    """Multiply-adds of one forward pass of ``model`` for one example (batch of 1): its recurrent
    layers (``Bidirectional`` counts both directions) and ``Dense`` layers; element-wise work and
    biases are left out, a few per cent for these models."""
    total = 0
    for layer in model.layers:
        inner, directions = layer, 1
        if type(layer).__name__ == "Bidirectional":
            inner, directions = layer.forward_layer, 2
        kind = type(inner).__name__
        if kind in _BLOCKS:
            shape = _sequence_shape(layer)  # the sequence, not an initial state also passed in
            steps, inputs = int(shape[1]), int(shape[-1])
            total += directions * recurrent_multiply_adds(kind, inputs, inner.units, steps)
        elif kind == "Dense":
            shape = layer.input.shape
            positions = math.prod(int(d) for d in shape[1:-1]) if len(shape) > 2 else 1
            total += positions * int(shape[-1]) * layer.units
    return total


def fit_cost(model, batch_size: int, steps: int, seconds: float) -> dict:
    """A training run against the machine: steps, milliseconds per step and estimated GFLOP/s.

    A training step costs about three forward passes (forward, and two matrix products per
    weight in the backward pass), at two floating-point operations per multiply-add. The seconds
    include the fit's own overheads (compilation, validation), so this under-estimates the speed
    of the steps themselves. ``make bench`` tabulates it next to the machine's matmul GFLOP/s.
    A model with no layer ``multiply_adds`` counts (a custom cell) gets ``None`` for both GFLOP
    figures rather than a misleading zero."""
    if steps < 1 or seconds <= 0:
        raise ValueError(f"steps must be >= 1 and seconds > 0, got {steps} and {seconds}")
    flops_per_step = 3 * 2 * multiply_adds(model) * batch_size
    counted = flops_per_step > 0  # a custom recurrent cell is not counted: no GFLOP figure then
    return {
        "steps": int(steps),
        "ms_per_step": round(1000 * seconds / steps, 2),
        "gflop_per_step": round(flops_per_step / 1e9, 4) if counted else None,
        "gflops": round(flops_per_step * steps / seconds / 1e9, 2) if counted else None,
    }


def restart(model, seed: int):
    """Give a compiled ``model`` the fresh start of a new build after
    ``keras.utils.set_random_seed(seed)``, and return it: the initial weights and the optimizer
    state (step count, moment estimates, learning rate) that ``keras.models.clone_model`` and
    the model's own compile settings give a new copy.

    Many short fits of one architecture (folds, seeds) then reuse one compiled training step:
    TensorFlow traces a step per model, so a new model per fit pays that cost every time. Like
    ``set_random_seed``, it reseeds Python, NumPy and the backend.
    """
    import keras

    optimizer = getattr(model, "optimizer", None)
    if optimizer is None:
        raise ValueError(
            "restart needs a compiled model: call model.compile(optimizer, loss) first"
        )
    keras.utils.set_random_seed(seed)
    fresh = keras.models.clone_model(model)  # new weights; compiled as `model` was
    model.set_weights(fresh.get_weights())
    if not optimizer.built:  # an optimizer makes its state at the first fit: make it now
        optimizer.build(model.trainable_variables)
    fresh.optimizer.build(fresh.trainable_variables)
    for variable, initial in zip(optimizer.variables, fresh.optimizer.variables, strict=True):
        variable.assign(initial)  # zeros for Adam's moments; Adagrad's start at 0.1
    return model


def unroll() -> bool:
    """The ``unroll`` argument of this series' recurrent layers for short sequences: on TensorFlow
    only. Measured with one thread per operation (benchmarks/threads.py, notebook 02's model): at
    256 windows a step 66.2 ms unrolled against 79.3 not (at 128: 46.4 against 38.9; issue 22's
    own table had 51 against 59); on JAX unrolling is far slower than its compiled loop."""
    import keras

    return keras.backend.backend() == "tensorflow"


def results_dir() -> Path:
    """Where notebooks write their headline metrics: ``results/``, or ``$SERIES_RESULTS_DIR``.

    The test suite and the benchmark point ``SERIES_RESULTS_DIR`` at a scratch folder so
    that running notebooks never rewrites the committed results.
    """
    folder = Path(os.environ.get("SERIES_RESULTS_DIR", ROOT / "results"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _number(name: str, value) -> float:
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return value


def save_results(
    notebook: str,
    *,
    title: str,
    source: str,
    metric: str | None,
    model: tuple[str, float] | None,
    baselines: dict[str, float] | None = None,
    original: float | None = None,
    train_seconds: float | None = None,
    lower_is_better: bool = True,
    extra: dict | None = None,
    reproduce_within: float = 0.0,
) -> dict:
    """Write ``results/<notebook>.json`` with a notebook's headline numbers and return it.

    ``model`` is ``(name, value)`` of the headline model; ``baselines`` maps each baseline's
    name to its value on the same test set; ``original`` is the figure the original
    tutorial reported (same metric), if any. The best baseline is derived, not passed. A
    notebook without a headline metric (the data tour) passes ``metric=None, model=None``.
    ``reproduce_within`` is the relative tolerance ``make test`` allows between a fresh run's
    model value and the committed one (0: identical on the committed backend).
    """
    import keras

    if model is not None and not baselines:
        raise ValueError("a headline model needs at least one baseline to be compared with")
    if model is not None and not metric:
        raise ValueError("a headline model needs the name of its metric")
    baselines = {name: _number(f"baselines[{name!r}]", v) for name, v in (baselines or {}).items()}
    pick = min if lower_is_better else max
    best = pick(baselines, key=baselines.get) if baselines else None
    record = {
        "notebook": notebook,
        "title": title,
        "source": source,
        "metric": metric,
        "lower_is_better": lower_is_better,
        "model": None
        if model is None
        else {"name": model[0], "value": _number("model value", model[1])},
        "best_baseline": None if best is None else {"name": best, "value": baselines[best]},
        "baselines": baselines,
        "original": None if original is None else _number("original", original),
        "backend": keras.backend.backend(),
        "keras": keras.__version__,
        "python": platform.python_version(),
        "train_seconds": None
        if train_seconds is None
        else round(_number("train_seconds", train_seconds), 1),
        "reproduce_within": _number("reproduce_within", reproduce_within),
        "extra": extra or {},
    }
    path = results_dir() / f"{notebook}.json"
    path.write_text(json.dumps(record, indent=2, sort_keys=False) + "\n")
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return record


def reproduces(record: dict, value: float) -> bool:
    """Whether ``value`` matches a saved record's headline figure within its ``reproduce_within``
    (relative; 0 means identical up to a relative 1e-9, for float rounding). Used by the
    reproduction check in ``make test`` and by the README's note on benchmark rows that predate
    the committed result. The slack is relative too: an absolute one would swamp figures as small
    as notebook 05's 1.6e-11."""
    committed = record["model"]["value"]
    tolerance = record.get("reproduce_within", 0.0) + 1e-9
    return abs(value - committed) <= tolerance * abs(committed)


def format_table(rows: list[dict], columns: list[str] | None = None, floatfmt: str = ".4g") -> str:
    """A plain-text table (reads the same in Jupyter, in markdown exports and on GitHub)."""
    columns = columns or list(rows[0])

    def cell(value) -> str:
        if isinstance(value, float):
            return format(value, floatfmt)
        return str(value)

    text = [[cell(row.get(c, "")) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in text)) for i, c in enumerate(columns)]

    def line(items) -> str:
        return "  ".join(s.ljust(w) for s, w in zip(items, widths, strict=True)).rstrip()

    return "\n".join([line(columns), line(["-" * w for w in widths]), *(line(r) for r in text)])
