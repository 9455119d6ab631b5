"""Notebook 01's network with the original's decoder input instead of the standard one.

    SERIES_THREADS=1 python benchmarks/decoder_01.py [VARIANT ...] [--seed 42]

Notebook 01's decoder reads the encoder's final state repeated at every step
(``repeat_vector``, ``layers.RepeatVector``), as notebooks 02 and 03 do. The original tutorial's
decoder reads a zero "GO" step, then the past shifted by one (``shifted_past``). Each variant is
trained with 01's data, recipe and budget (2 x 2 GRU(32), 1,200 Adam steps of 128 fresh windows at
0.01 cosine-decayed to 0, seed 42) and scored on 01's validation and test windows. Every run adds
or replaces its row (variant and seed) in ``benchmarks/decoder_01.json``; 01's Going deeper reads
it. The model is a copy of 01's ``build_seq2seq`` with one switch: keep the two in step.
(Until 2026-12-07 notebook 01 used the original's decoder and its RMSprop(0.007, rho 0.92,
momentum 0.5); with that optimizer ``repeat_vector`` scored 7.62e-06 and 6.79e-06, seeds 42 and 1.)
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

OUT = ROOT / "benchmarks" / "decoder_01.json"
VARIANTS = ("repeat_vector", "shifted_past")
# 01's constants (its Setup cell).
SEQ_LENGTH, N_FEATURES, HIDDEN, N_LAYERS = 10, 2, 32, 2
N_VAL, N_TEST, VAL_SEED, TEST_SEED = 1_000, 2_000, 2, 3
BATCH_SIZE, STEPS_PER_EPOCH, EPOCHS = 128, 60, 20
LEARNING_RATE = 0.01  # Adam, cosine-decayed to 0


def build_seq2seq(variant: str) -> keras.Model:
    past = keras.Input(shape=(SEQ_LENGTH, N_FEATURES))
    sequence, states = past, []
    for _ in range(N_LAYERS):
        sequence, state = layers.GRU(HIDDEN, return_sequences=True, return_state=True)(sequence)
        states.append(state)
    if variant == "repeat_vector":
        decoded = layers.RepeatVector(SEQ_LENGTH)(states[-1])
    else:
        decoded = ops.concatenate([ops.zeros_like(past[:, :1]), past[:, :-1]], axis=1)
    for state in states:
        decoded = layers.GRU(HIDDEN, return_sequences=True)(decoded, initial_state=state)
    return keras.Model(past, layers.Dense(N_FEATURES)(decoded))


def run(variant: str, seed: int) -> dict:
    keras.utils.set_random_seed(seed)
    steps = STEPS_PER_EPOCH * EPOCHS
    train_past, train_future = datasets.sines(steps * BATCH_SIZE, SEQ_LENGTH, seed=seed)
    val_past, val_future = datasets.sines(N_VAL, SEQ_LENGTH, seed=VAL_SEED)
    test_past, test_future = datasets.sines(N_TEST, SEQ_LENGTH, seed=TEST_SEED)
    model = build_seq2seq(variant)
    schedule = keras.optimizers.schedules.CosineDecay(LEARNING_RATE, decay_steps=steps)
    model.compile(optimizer=keras.optimizers.Adam(schedule), loss="mse")
    started = time.perf_counter()
    history = model.fit(
        train_past,
        train_future,
        batch_size=BATCH_SIZE,
        steps_per_epoch=STEPS_PER_EPOCH,
        epochs=EPOCHS,
        shuffle=False,
        validation_data=(val_past, val_future),
        validation_batch_size=N_VAL,
        verbose=0,
    )
    return {
        "variant": variant,
        "seed": seed,
        "train_seconds": round(time.perf_counter() - started, 1),
        "validation_mse": history.history["val_loss"][-1],
        "test_mse": forecasting.mse(model.predict_on_batch(test_past), test_future),
    }


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
