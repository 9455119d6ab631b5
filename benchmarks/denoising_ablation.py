"""Notebook 03's GRU given ESPRIT's forecast, with and without a residual start: which change works?

    SERIES_THREADS=1 python benchmarks/denoising_ablation.py [VARIANT ...] [--seed 42]

A GRU can be given a classical forecast (ESPRIT's) in two ways: its decoder **reads** it beside
the encoder's state, or its output **starts from** it (the network adds a correction, its last
layer initialised at zero). VARIANT is any of

* ``both``: reads ESPRIT, output = ESPRIT + correction (notebook 03's network until 2026-12-07);
* ``reads_only``: the notebook's GRU given ESPRIT: the decoder reads it, no residual;
* ``residual_only``: output = ESPRIT + correction, the decoder does not read ESPRIT;
* ``neither``: the notebook's plain GRU.

Each is trained with 03's data, recipe and budget (seed 42, batches of 256, Adam at 1e-2
cosine-decayed over 16 epochs, gradient norm clipped at 1, early stopping on validation with
patience 3), and scored on 03's validation and test windows. Every run adds or replaces its row
(variant and seed) in ``benchmarks/denoising_ablation.json``. The model is a copy of 03's
``build_model`` with two switches: keep the two in step.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import rows  # noqa: E402  (benchmarks/rows.py, beside this script)

import training  # noqa: E402

training.configure_threads()

import keras  # noqa: E402
from keras import layers, ops  # noqa: E402

import datasets  # noqa: E402
import forecasting  # noqa: E402

OUT = ROOT / "benchmarks" / "denoising_ablation.json"
VARIANTS = {  # variant: (the decoder reads ESPRIT, the output starts from ESPRIT)
    "both": (True, True),
    "reads_only": (True, False),
    "residual_only": (False, True),
    "neither": (False, False),
}
# 03's constants (its Setup cell).
SEQ_LENGTH = 30
N_TRAIN, N_VALIDATION, N_TEST = 16_384, 2_000, 2_000
TRAIN_SEED, VALIDATION_SEED, TEST_SEED = 1, 3, 2
RANK, WINDOW, HIDDEN, BATCH_SIZE, MAX_EPOCHS, LEARNING_RATE = 6, 18, 32, 256, 16, 1e-2


def build_model(reads: bool, residual: bool) -> keras.Model:
    noisy_past = keras.Input(shape=(SEQ_LENGTH, 1))
    esprit_forecast = keras.Input(shape=(SEQ_LENGTH, 1))
    _, state = layers.GRU(HIDDEN, return_state=True)(noisy_past)
    steps = layers.RepeatVector(SEQ_LENGTH)(state)
    if reads:
        steps = ops.concatenate([esprit_forecast, steps], axis=-1)
    sequence = layers.GRU(HIDDEN, return_sequences=True)(steps, initial_state=[state])
    correction = layers.Dense(1, kernel_initializer="zeros")(sequence)
    output = esprit_forecast + correction if residual else correction
    return keras.Model([noisy_past, esprit_forecast], output)


def run(variant: str, seed: int) -> dict:
    stats = datasets.noisy_superposed_sines_stats(N_TRAIN, SEQ_LENGTH, seed=TRAIN_SEED)
    data = {}
    for name, n, data_seed in (
        ("train", N_TRAIN, TRAIN_SEED),
        ("validation", N_VALIDATION, VALIDATION_SEED),
        ("test", N_TEST, TEST_SEED),
    ):
        past, future = datasets.noisy_superposed_sines(n, SEQ_LENGTH, seed=data_seed, stats=stats)
        data[name] = ([past, forecasting.subspace_forecast(past, SEQ_LENGTH, RANK, WINDOW)], future)
    keras.utils.set_random_seed(seed)
    model = build_model(*VARIANTS[variant])
    schedule = keras.optimizers.schedules.CosineDecay(
        LEARNING_RATE, MAX_EPOCHS * N_TRAIN // BATCH_SIZE
    )
    model.compile(optimizer=keras.optimizers.Adam(schedule, clipnorm=1.0), loss="mse")
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    started = time.perf_counter()
    history = model.fit(
        *data["train"],
        batch_size=BATCH_SIZE,
        epochs=MAX_EPOCHS,
        validation_data=data["validation"],
        verbose=0,
        callbacks=[stop],
    )
    row = {"variant": variant, "seed": seed, "epochs": len(history.history["val_loss"])}
    row["train_seconds"] = round(time.perf_counter() - started, 1)
    for name in ("validation", "test"):
        inputs, future = data[name]
        row[f"{name}_mse"] = forecasting.mse(model.predict_on_batch(inputs), future)
    return row


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("variants", nargs="*", metavar="VARIANT")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    for variant in rows.chosen(parser, args.variants, VARIANTS):
        row = run(variant, args.seed)
        print(json.dumps(row), flush=True)
        rows.save(OUT, row, VARIANTS)


if __name__ == "__main__":
    main()
