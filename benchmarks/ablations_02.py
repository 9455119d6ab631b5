"""Notebook 02's three changes to 01's encoder-decoder, each taken out in turn, at 02's default run.

    SERIES_THREADS=1 python benchmarks/ablations_02.py [VARIANT ...] [--seed 42]

VARIANT is any of ``notebook``, ``no_scaling``, ``shifted_past``, ``no_skip`` (default: the last
three). Each is 02's network with one change undone, trained exactly as 02 trains by default
(seed 42, 3,500 Adam steps on fresh batches of 256 windows, rate 1e-2 decayed to 0 along a
cosine) and scored on 02's validation and test windows:

* ``notebook``: per-window RMS scaling, a decoder that reads the repeated encoder summary
  (``RepeatVector``), a linear skip path (02 as committed: this row checks the copy below);
* ``no_scaling``: the past goes in as it is and the forecast comes out as it is;
* ``shifted_past``: the decoder reads 01's input, a zero step then the scaled past shifted by one;
* ``no_skip``: no linear skip path.

Every run adds or replaces its row in ``benchmarks/ablations_02.json`` (variant and seed: validation
and test MSE, test MSE on the test windows doubled and the forecasts of the first four of them, the
training seconds, the commit), which notebook 02 reads. The model
is a copy of 02's ``build_seq2seq`` with switches: keep the two in step.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import training  # noqa: E402

training.configure_threads()  # SERIES_THREADS, before TensorFlow starts: as `make nb` runs 02

import keras  # noqa: E402
from keras import layers, ops  # noqa: E402

import datasets  # noqa: E402
import forecasting  # noqa: E402

OUT = ROOT / "benchmarks" / "ablations_02.json"
VARIANTS = ("notebook", "no_scaling", "shifted_past", "no_skip")
# 02's constants (its parameters and Setup cells).
SEQ_LENGTH, N_FEATURES, HIDDEN, N_LAYERS = 15, 1, 64, 2
N_VAL, N_TEST, VAL_SEED, TEST_SEED = 2_000, 2_000, 2, 3
TRAINING_STEPS, BATCH_SIZE, EPOCHS, LEARNING_RATE = 3_500, 256, 10, 1e-2


def rms(past):
    return ops.sqrt(ops.mean(past**2, axis=(1, 2), keepdims=True)) + 1e-3


def build(variant: str) -> keras.Model:
    """02's ``build_seq2seq`` with one change undone (``variant``); the same layer order, so the
    same seed gives the notebook's weights for ``notebook``."""
    past = keras.Input(shape=(SEQ_LENGTH, N_FEATURES), name="past")
    size = rms(past) if variant != "no_scaling" else ops.ones_like(past[:, :1, :1])
    scaled = past / size
    sequence, states = scaled, []
    for depth in range(N_LAYERS):
        encoder = layers.GRU(
            HIDDEN, return_sequences=True, return_state=True, name=f"encoder_{depth}"
        )
        sequence, state = encoder(sequence)
        states.append(state)
    if variant == "shifted_past":  # 01's decoder input: a zero "GO" step, then the past shifted
        decoded = ops.concatenate([ops.zeros_like(scaled[:, :1]), scaled[:, :-1]], axis=1)
    else:
        decoded = layers.RepeatVector(SEQ_LENGTH, name="repeat")(states[-1])
    for depth, state in enumerate(states):
        decoder = layers.GRU(HIDDEN, return_sequences=True, name=f"decoder_{depth}")
        decoded = decoder(decoded, initial_state=state)
    future = layers.Dense(N_FEATURES, name="output")(decoded)
    if variant != "no_skip":
        skip = layers.Dense(SEQ_LENGTH * N_FEATURES, kernel_initializer="zeros", name="linear_skip")
        future = future + layers.Reshape((SEQ_LENGTH, N_FEATURES))(skip(layers.Flatten()(scaled)))
    return keras.Model(past, future * size, name=f"seq2seq_{variant}")


def run(variant: str, seed: int) -> dict:
    keras.utils.set_random_seed(seed)  # as 02's Setup cell, before its data and its model
    train_past, train_future = datasets.superposed_sines(
        TRAINING_STEPS * BATCH_SIZE, SEQ_LENGTH, seed=seed
    )
    val_past, val_future = datasets.superposed_sines(N_VAL, SEQ_LENGTH, seed=VAL_SEED)
    test_past, test_future = datasets.superposed_sines(N_TEST, SEQ_LENGTH, seed=TEST_SEED)
    model = build(variant)
    schedule = keras.optimizers.schedules.CosineDecay(LEARNING_RATE, decay_steps=TRAINING_STEPS)
    model.compile(optimizer=keras.optimizers.Adam(schedule), loss="mse")
    training.unroll_short_loops(model)  # as 02: unrolled GRUs on TensorFlow
    started = time.perf_counter()
    history = model.fit(
        train_past,
        train_future,
        batch_size=BATCH_SIZE,
        steps_per_epoch=TRAINING_STEPS // EPOCHS,
        epochs=EPOCHS,
        validation_data=(val_past, val_future),
        validation_batch_size=N_VAL,
        shuffle=False,
        verbose=0,
    )
    seconds = time.perf_counter() - started
    test_mse = forecasting.mse(model.predict_on_batch(test_past), test_future)
    # Out of distribution: the same test windows at twice the training amplitude.
    doubled = model.predict_on_batch(2 * test_past)  # (2000, 15, 1)
    test_mse_2x = forecasting.mse(doubled, 2 * test_future)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "notebooks/02_superposed_sines.ipynb", __file__],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "variant": variant,
        "seed": seed,
        "val_mse": float(history.history["val_loss"][-1]),
        "test_mse": float(test_mse),
        "test_mse_2x": float(test_mse_2x),
        # the forecasts of the first four doubled test windows, (4, 15): 02 draws them
        "forecast_2x_first4": doubled[:4, :, 0].round(5).tolist(),
        "train_seconds": round(seconds, 1),
        "backend": keras.backend.backend(),
        "commit": commit + ("+" if dirty else ""),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("variants", nargs="*", default=["no_scaling", "shifted_past", "no_skip"])
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    unknown = set(args.variants) - set(VARIANTS)
    if unknown:
        parser.error(f"unknown variant(s) {sorted(unknown)}; choose from {VARIANTS}")
    for variant in args.variants:
        row = run(variant, args.seed)
        with open(__file__) as lock:  # runs in parallel (one a variant) write one file in turn
            fcntl.flock(lock, fcntl.LOCK_EX)
            rows = json.loads(OUT.read_text())["runs"] if OUT.exists() else []
            rows = [r for r in rows if (r["variant"], r["seed"]) != (variant, args.seed)] + [row]
            rows.sort(key=lambda r: (VARIANTS.index(r["variant"]), r["seed"]))
            OUT.write_text(json.dumps({"recipe": "02 default run", "runs": rows}, indent=2) + "\n")
        print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
