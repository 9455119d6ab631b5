"""Does XLA pay off on a CPU? Notebook 01's training with ``jit_compile`` "auto" and False.

    python benchmarks/jit_compile.py               # TensorFlow (the default backend)

Notebook 01's model and recipe (2 x 2 GRU(32), 1,600 RMSprop steps on fresh batches of 128,
validation after each of the 20 epochs), timed from ``fit`` to its return, compilation
included. On JAX ``jit_compile=False`` would run every step op by op, so only TensorFlow is
compared; ``training.jit_compile()`` returns the faster choice for each backend.
"""

import time

import keras
import numpy as np
from keras import layers, ops

import datasets

SEQ, FEATURES, HIDDEN, STEPS, EPOCHS = 10, 2, 32, 80, 20


def build() -> keras.Model:
    past = keras.Input((SEQ, FEATURES))
    sequence, states = past, []
    for _ in range(2):
        sequence, state = layers.GRU(HIDDEN, return_sequences=True, return_state=True)(sequence)
        states.append(state)
    decoded = ops.concatenate([ops.zeros_like(past[:, :1]), past[:, :-1]], axis=1)
    for state in states:
        decoded = layers.GRU(HIDDEN, return_sequences=True)(decoded, initial_state=state)
    return keras.Model(past, layers.Dense(FEATURES)(decoded))


def batches(seed):
    rng = np.random.default_rng(seed)
    while True:
        yield datasets.sines(128, SEQ, seed=int(rng.integers(2**31)))


val_past, val_future = datasets.sines(1_000, SEQ, seed=2)
for jit in ("auto", False):
    keras.utils.set_random_seed(42)
    model = build()
    schedule = keras.optimizers.schedules.CosineDecay(0.007, decay_steps=STEPS * EPOCHS)
    optimizer = keras.optimizers.RMSprop(schedule, rho=0.92, momentum=0.5)
    model.compile(optimizer=optimizer, loss="mse", jit_compile=jit)
    started = time.perf_counter()
    history = model.fit(
        batches(42),
        steps_per_epoch=STEPS,
        epochs=EPOCHS,
        validation_data=(val_past, val_future),
        verbose=0,
    )
    print(
        f"{keras.backend.backend()} jit_compile={jit!r:6}: {time.perf_counter() - started:5.1f} s, "
        f"final validation MSE {history.history['val_loss'][-1]:.3g}"
    )
