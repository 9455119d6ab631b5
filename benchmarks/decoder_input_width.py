"""Why notebook 03 was slower on JAX than on TensorFlow: seconds per epoch of its model.

    KERAS_BACKEND=jax python benchmarks/decoder_input_width.py
    KERAS_BACKEND=tensorflow python benchmarks/decoder_input_width.py

Notebook 03's encoder-decoder with its decoder reading (a) only the two classical forecasts
(2 features per step, the earlier recipe), (b) those two next to the encoder's summary (2 + 32
features, the current recipe), (c) only the summary (the pure network). Random data of the
notebook's shapes, ``jit_compile=training.jit_compile()`` as in the notebooks; one warm-up
epoch (compilation), then the median of three timed epochs.
"""

import statistics
import time

import keras
import numpy as np
from keras import layers, ops

import training

SEQ, HIDDEN, N, BATCH = 30, 32, 65_536, 256


def build(decoder_reads: str) -> keras.Model:
    past = keras.Input((SEQ, 1))
    guesses = keras.Input((SEQ, 2))
    _, state = layers.GRU(HIDDEN, return_state=True)(past)
    summary = layers.RepeatVector(SEQ)(state)
    inputs = {"forecasts": guesses, "both": ops.concatenate([guesses, summary], -1)}
    sequence = layers.GRU(HIDDEN, return_sequences=True)(
        inputs.get(decoder_reads, summary), initial_state=[state]
    )
    output = layers.Dense(1, use_bias=False)(guesses) + layers.Dense(1)(sequence)
    return keras.Model([past, guesses], output)


rng = np.random.default_rng(0)
data = [rng.standard_normal((N, SEQ, k)).astype("float32") for k in (1, 2, 1)]
for reads in ("forecasts", "both", "summary"):
    keras.utils.set_random_seed(0)
    model = build(reads)
    optimizer = keras.optimizers.Adam(1e-3, clipnorm=1.0)
    model.compile(optimizer=optimizer, loss="mse", jit_compile=training.jit_compile())
    seconds = []
    for _ in range(4):
        started = time.perf_counter()
        model.fit(data[:2], data[2], batch_size=BATCH, epochs=1, verbose=0)
        seconds.append(time.perf_counter() - started)
    print(
        f"{keras.backend.backend():10s} decoder reads {reads:9s}: "
        f"{statistics.median(seconds[1:]):.2f} s per epoch "
        f"(first, with compilation: {seconds[0]:.2f} s)"
    )
