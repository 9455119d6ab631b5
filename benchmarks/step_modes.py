"""Milliseconds per training step of notebook 02's model in several fresh processes.

    python benchmarks/step_modes.py [PROCESSES]     # default 6, TensorFlow's default pools

Each process builds 02's network (per-window scaling, a GRU(64) x 2 encoder, a GRU(64) x 2
decoder reading the repeated summary, the linear skip path; unrolled, as 02 runs on TensorFlow),
trains 20 warm-up steps, then times 200 steps of 256 windows. The same code, data and seed in
every process: any spread between the lines is the machine's, not the model's. On this 2-core
machine the processes fall into a fast and a slow group (benchmarks/README.md), which is why
`make bench` reports the median and the range of three runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def child() -> None:
    """Time 200 steps in this process."""
    sys.path.insert(0, str(ROOT))
    import keras
    from keras import layers, ops

    import datasets
    import training

    def rms(past):
        return ops.sqrt(ops.mean(past**2, axis=(1, 2), keepdims=True)) + 1e-3

    keras.utils.set_random_seed(0)
    past = keras.Input((15, 1))
    size = rms(past)
    scaled = past / size
    sequence, states = scaled, []
    for _ in range(2):
        sequence, state = layers.GRU(
            64, return_sequences=True, return_state=True, unroll=training.unroll()
        )(sequence)
        states.append(state)
    decoded = layers.RepeatVector(15)(states[-1])
    for state in states:
        decoded = layers.GRU(64, return_sequences=True, unroll=training.unroll())(
            decoded, initial_state=state
        )
    skip = layers.Dense(15, kernel_initializer="zeros")(layers.Flatten()(scaled))
    future = layers.Dense(1)(decoded) + layers.Reshape((15, 1))(skip)
    model = keras.Model(past, future * size)
    schedule = keras.optimizers.schedules.CosineDecay(1e-2, decay_steps=3_500)
    model.compile(keras.optimizers.Adam(schedule), "mse", jit_compile=training.jit_compile())
    x, y = datasets.superposed_sines(256 * 220, 15, seed=1)
    model.fit(x[: 256 * 20], y[: 256 * 20], batch_size=256, verbose=0)  # 20 warm-up steps
    started = time.perf_counter()
    model.fit(x[256 * 20 :], y[256 * 20 :], batch_size=256, shuffle=False, verbose=0)
    print(f"{1000 * (time.perf_counter() - started) / 200:.1f}")


def main() -> int:
    if os.environ.get("STEP_MODES_CHILD") == "1":
        child()
        return 0
    processes = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    env = {**os.environ, "STEP_MODES_CHILD": "1", "TF_CPP_MIN_LOG_LEVEL": "3"}
    backend = env.get("KERAS_BACKEND", "tensorflow")
    for k in range(processes):
        done = subprocess.run(
            [sys.executable, __file__], env=env, capture_output=True, text=True, check=True
        )
        ms = done.stdout.strip().splitlines()[-1]
        print(f"{backend} process {k + 1}: {ms} ms per step of 256 windows", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
