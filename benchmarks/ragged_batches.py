"""Why notebook 05 was slower on JAX than on TensorFlow: compilations per network.

    KERAS_BACKEND=jax python benchmarks/ragged_batches.py
    KERAS_BACKEND=tensorflow python benchmarks/ragged_batches.py

Notebook 05 trains five small networks (two LSTM(16) layers, 10 epochs of batches of 256). Each
new network compiles its own training step, validation step and forecast, once per array shape.
Three networks of its shapes are fitted on random data two ways:

- ``ragged``: the earlier recipe. 8,090 training windows (31 batches of 256 and one of 154), the
  890 validation windows in batches of 256 (3 and one of 122), validation and test forecasts
  (890 and 990 windows) in two calls.
- ``whole``: the current one. The latest 7,936 training windows (31 whole batches), validation
  in one batch of 890, both forecasts in one call of 1,880 windows.

Prints the seconds of the three networks (compilation included) and, on JAX, the number of
programs it compiled.
"""

import logging
import time

import keras
import numpy as np
from keras import layers

import training

WINDOW, UNITS, EPOCHS, BATCH = 10, 16, 10, 256
N_TRAIN, N_VAL, N_TEST = 8_090, 890, 990


class CountCompilations(logging.Handler):
    def __init__(self):
        super().__init__()
        self.count = 0

    def emit(self, record):
        self.count += "Finished XLA compilation" in record.getMessage()


def network(seed: int) -> keras.Model:
    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [
            keras.Input((WINDOW, 1)),
            layers.LSTM(UNITS, return_sequences=True),
            layers.LSTM(UNITS),
            layers.Dense(1),
        ]
    )
    model.compile(optimizer="adam", loss="mse", jit_compile=training.jit_compile())
    return model


def fit_three(recipe: str, data: dict) -> float:
    started = time.perf_counter()
    for seed in range(3):
        model = network(seed)
        train = N_TRAIN if recipe == "ragged" else N_TRAIN // BATCH * BATCH
        x, y = data["train"][0][-train:], data["train"][1][-train:]
        val_batch = BATCH if recipe == "ragged" else N_VAL
        model.fit(
            x, y, batch_size=BATCH, epochs=EPOCHS, verbose=0,
            validation_data=data["val"], validation_batch_size=val_batch,
        )  # fmt: skip
        if recipe == "ragged":
            model(data["val"][0], training=False), model(data["test"][0], training=False)
        else:
            model(np.concatenate([data["val"][0], data["test"][0]]), training=False)
    return time.perf_counter() - started


def main() -> None:
    rng = np.random.default_rng(0)
    data = {
        part: (rng.normal(size=(n, WINDOW, 1)).astype("float32"), rng.normal(size=(n, 1)))
        for part, n in (("train", N_TRAIN), ("val", N_VAL), ("test", N_TEST))
    }
    counter = CountCompilations()
    jax_logger = logging.getLogger("jax")
    if keras.backend.backend() == "jax":
        import jax

        jax.config.update("jax_log_compiles", True)
        jax_logger.addHandler(counter)
        jax_logger.setLevel(logging.DEBUG)
        jax_logger.propagate = False  # count the messages without printing them
    for recipe in ("ragged", "whole", "ragged", "whole"):  # twice: the second pair is warm
        counter.count = 0
        seconds = fit_three(recipe, data)
        counted = f", {counter.count} compilations" if keras.backend.backend() == "jax" else ""
        print(f"{keras.backend.backend():10s} {recipe:6s}: {seconds:5.1f} s{counted}")


if __name__ == "__main__":
    main()
