"""Milliseconds per training step of notebook 02's model under each backend setting.

    python benchmarks/threads.py            # every setting, each in a fresh process

The model has 02's shape (a GRU(64) x 2 encoder, a GRU(64) x 2 decoder reading a repeated
summary, 15 + 15 steps); each setting trains it for 20 warm-up steps, then times 100 steps on
fixed batches of 128 and of 256 windows. A fresh process per setting, because TensorFlow reads
its thread counts once, when its runtime starts. Prints one line per setting with its GFLOP/s
(``training.fit_cost``'s count) and, first, numpy's own matmul GFLOP/s on the same machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = {
    "tensorflow, default thread pools": {"KERAS_BACKEND": "tensorflow", "SERIES_THREADS": "0"},
    "tensorflow, 1 thread": {"KERAS_BACKEND": "tensorflow", "SERIES_THREADS": "1"},
    "tensorflow, 1 thread + unroll": {
        "KERAS_BACKEND": "tensorflow",
        "SERIES_THREADS": "1",
        "UNROLL": "1",
    },
    "jax, defaults": {"KERAS_BACKEND": "jax", "SERIES_THREADS": "0"},
}


def child() -> None:
    """Time the model in this process, with the settings the environment gives."""
    import numpy as np

    import training  # imports no backend: the threads can still be set

    if os.environ["SERIES_THREADS"] != "0":
        training.configure_threads()
    import keras
    from keras import layers

    unroll = os.environ.get("UNROLL") == "1"
    results = {}
    for batch in (128, 256):
        keras.utils.set_random_seed(0)
        past = keras.Input((15, 1))
        sequence, states = past, []
        for _ in range(2):
            sequence, state = layers.GRU(
                64, return_sequences=True, return_state=True, unroll=unroll
            )(sequence)
            states.append(state)
        decoded = layers.RepeatVector(15)(states[-1])
        for state in states:
            decoded = layers.GRU(64, return_sequences=True, unroll=unroll)(
                decoded, initial_state=state
            )
        model = keras.Model(past, layers.Dense(1)(decoded))
        model.compile("adam", "mse", jit_compile=training.jit_compile())
        rng = np.random.default_rng(0)
        x = rng.standard_normal((batch * 20, 15, 1)).astype("float32")
        y = rng.standard_normal((batch * 20, 15, 1)).astype("float32")
        model.fit(x, y, batch_size=batch, epochs=1, verbose=0)  # 20 warm-up steps
        started = time.perf_counter()
        model.fit(x, y, batch_size=batch, epochs=5, verbose=0)  # 100 steps
        seconds = time.perf_counter() - started
        results[batch] = training.fit_cost(model, batch, 100, seconds)
    print(json.dumps(results))


def main() -> int:
    if os.environ.get("THREADS_CHILD") == "1":
        child()
        return 0
    sys.path.insert(0, str(ROOT / "tools"))
    import runs  # tools/runs.py: the same matmul measurement as make bench

    print("numpy matmul GFLOP/s:", runs.matmul_gflops())
    for name, env in SETTINGS.items():
        full = {**os.environ, **env, "THREADS_CHILD": "1", "TF_CPP_MIN_LOG_LEVEL": "3"}
        for key in ("TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"):
            full.pop(key, None)
        done = subprocess.run(
            [sys.executable, __file__], env=full, capture_output=True, text=True, check=True
        )
        result = json.loads(done.stdout.strip().splitlines()[-1])
        shown = ", ".join(
            f"batch {b}: {r['ms_per_step']:.1f} ms/step, {r['gflops']:.1f} GFLOP/s"
            for b, r in result.items()
        )
        print(f"{name:34s} {shown}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
