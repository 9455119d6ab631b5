"""Training helpers of the series: what a notebook uses around ``model.fit`` but does not teach.

* ``progress()``: the callback every long fit passes (``callbacks=[training.progress()]``): a live
  tqdm bar over the epochs (epoch, loss, time left) while the fit runs, one line once it is done.
  It also notes each fit's steps and seconds, which ``reporting.record`` stores for ``make bench``.
* the backend's speed settings: ``configure_threads`` (``SERIES_THREADS``, set by ``make test``),
  ``jit_compile`` and ``unroll``;
* ``restart``: a compiled model's fresh start without a new build;
* ``multiply_adds`` and ``fit_cost``: a fit's cost against the machine (``make bench``).

A learner can skip this file: none of it changes what a model learns.
"""

from __future__ import annotations

import math
import os
import sys
import time

__all__ = [
    "configure_threads",
    "fit_cost",
    "fits",
    "jit_compile",
    "multiply_adds",
    "progress",
    "recurrent_multiply_adds",
    "restart",
    "unroll",
    "unroll_short_loops",
]

# Every fit that ran with ``progress()`` in this process: {"steps", "seconds"}, in order.
_FITS: list[dict] = []


def fits() -> list[dict]:
    """The fits measured by ``progress()`` so far in this process (a copy): steps and seconds."""
    return [dict(f) for f in _FITS]


def progress(**tqdm_kwargs):
    """A Keras callback that shows a fit's progress as one tqdm bar over its epochs.

    Pass it with ``verbose=0`` (``model.fit(..., verbose=0, callbacks=[training.progress()])``):
    Keras' own bar would print two lines an epoch. The bar writes to standard output with
    carriage returns, so JupyterLab shows it updating in place; ``tools/nbtools.py`` keeps only
    its final state in committed notebooks (one line a fit). It uses tqdm's plain-text bar
    rather than the notebook widget, which needs ``ipywidgets`` and exports as an empty box.
    """
    import warnings

    with warnings.catch_warnings():  # tqdm.keras asks for ipywidgets, which this bar does not use
        warnings.simplefilter("ignore")
        from tqdm.keras import TqdmCallback
    from tqdm.std import tqdm

    class Progress(TqdmCallback):
        def on_train_begin(self, logs=None):
            self._started, self._steps = time.perf_counter(), 0
            super().on_train_begin(logs)

        def on_train_batch_end(self, batch, logs=None):
            self._steps += 1
            super().on_train_batch_end(batch, logs)

        def on_train_end(self, logs=None):
            super().on_train_end(logs)
            seconds = time.perf_counter() - self._started
            _FITS.append({"steps": self._steps, "seconds": seconds})

    options = {
        "file": sys.stdout,
        "ncols": 100,
        "ascii": False,
        "mininterval": 0.5,
        "unit": "epoch",
        **tqdm_kwargs,
    }
    return Progress(verbose=0, tqdm_class=tqdm, **options)


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


def unroll_short_loops(model, max_steps: int = 32):
    """Run ``model``'s recurrent layers unrolled on TensorFlow when their sequences are short (at
    most ``max_steps``), and return the model: speed only, what the model computes is unchanged.

    Keras reads a recurrent layer's ``unroll`` when it traces a training or prediction step, so
    this can follow the build. Notebook 02's 15-step GRUs, one thread per operation: 85.7 ms of
    CPU a step of 256 windows unrolled against 108.3 not (a loaded machine; 66.2 against 79.3 idle,
    ``benchmarks/threads.py``). JAX's compiled loop is left alone (see ``unroll``)."""
    if not unroll():
        return model
    for layer in model.layers:
        steps = _sequence_shape(layer)[1] if hasattr(layer, "unroll") else None
        if steps is not None and steps <= max_steps:
            layer.unroll = True
    return model
