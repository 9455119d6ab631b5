"""Notebook 07's closed-loop `FeedBack(20)`, with one of its choices undone per variant; and the
runs that chose its learning rates on validation.

    SERIES_THREADS=1 python benchmarks/ablations_07.py [VARIANT ...] [--seed 42]
    SERIES_THREADS=1 python benchmarks/ablations_07.py --selection [CANDIDATE ...] [--seed 42]

VARIANT is any of ``notebook``, ``one_value``, ``unscaled``, ``default_init``, ``no_level``,
``no_curriculum``, ``short_rollouts`` (default: all). Each is 07's closed-loop network trained as 07
trains it (the same stages of loop steps, epochs and learning rates, 80 epochs of 16 batches of 64
rollouts) with one change undone, and run free for 1,000 steps from 07's validation and test start
windows:

* ``notebook``: 07's recipe (a fresh seed per run, so not the notebook's exact weights);
* ``one_value``: blocks of 1 value instead of 20 (rollouts of 10, 25 and 50 values);
* ``unscaled``: the steps are read and written as they are (scale 1 instead of 150);
* ``default_init``: the output layer starts from Keras' default initialiser, not zeros;
* ``no_level``: the cell reads the scaled steps only, not the block's last value;
* ``no_curriculum``: every stage uses rollouts of 50 loop steps (same epochs and rates);
* ``short_rollouts``: blocks of 20, but stages of 1, 2 and 3 loop steps (rollouts of 20, 40 and 60
  values, about the one-value run's 10, 25 and 50): blocks without rollouts that reach the horizon.

Rows go to ``benchmarks/ablations_07.json`` (variant and seed: validation and test free-running
MAE, training seconds); 07's Going deeper reads them.

``--selection`` starts instead from the **first recipe**, whose learning rates (1e-2, 4e-3, 1e-3)
were set in trials that printed the test MAE, and changes one thing at a time: CANDIDATE is any of
``first_recipe`` (no change), ``default_init``, ``block_10`` (blocks of 10 values: rollouts of 100,
250 and 500), ``rates_half``, ``rates_double``, ``rates_quad`` (every stage's rate times 0.5, 2 or
4). Rows go to ``benchmarks/selection_07.json``. The candidate with the lowest validation MAE,
mean of seeds 42 and 1, became 07's recipe: ``rates_double``.

The model is a copy of 07's ``FeedBack`` with switches: keep the two in step.
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
import numpy as np  # noqa: E402
from keras import layers, ops  # noqa: E402

import datasets  # noqa: E402

OUT = ROOT / "benchmarks" / "ablations_07.json"
SELECTION_OUT = ROOT / "benchmarks" / "selection_07.json"
VARIANTS = (
    "notebook",
    "one_value",
    "unscaled",
    "default_init",
    "no_level",
    "no_curriculum",
    "short_rollouts",
)
CANDIDATES = (
    "first_recipe",
    "default_init",
    "block_10",
    "rates_half",
    "rates_double",
    "rates_quad",
)
# 07's constants (its Setup cell).
WINDOW, N_TRAIN, FREE_STEPS = 50, 9_000, 1_000
STARTS = N_TRAIN + 125 * np.arange(8)
UNITS, ROLLOUTS, BATCH = 64, 1_024, 64
STAGES = ((10, 20, 2e-2), (25, 20, 8e-3), (50, 40, 2e-3))  # (loop steps, epochs, rate)
FIRST_STAGES = ((10, 20, 1e-2), (25, 20, 4e-3), (50, 40, 1e-3))  # before validation chose


class FeedBack(keras.Model):
    def __init__(self, block=20, scale=150.0, init="zeros", level=True):
        super().__init__()
        self.block, self.scale, self.level, self.steps = block, scale, level, 1
        self.warmup_steps = 2 * block if block > 1 else 40
        self.cell = layers.LSTMCell(UNITS)
        self.warmup = layers.RNN(self.cell, return_state=True)
        self.dense = layers.Dense(block, kernel_initializer=init)

    def read(self, change, values):
        if not self.level:
            return change * self.scale
        return ops.concatenate([change * self.scale, values[..., -1:]], axis=-1)

    def call(self, window, steps=None):
        w, b = self.warmup_steps, self.block
        change = window[:, -w:] - window[:, -w - 1 : -1]
        values = ops.reshape(window[:, -w:], (-1, w // b, b))
        output, *state = self.warmup(self.read(ops.reshape(change, (-1, w // b, b)), values))
        level, forecast = window[:, -1], []
        for _ in range(steps or self.steps):
            change = self.dense(output) / self.scale
            forecast.append(level + ops.cumsum(change, axis=-1))
            level = forecast[-1][:, -1:]
            output, state = self.cell(self.read(change, forecast[-1]), state)
        return ops.expand_dims(ops.concatenate(forecast, axis=-1), -1)


def run(variant: str, seed: int, base=STAGES) -> dict:
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    train_span = datasets.two_timescale_signal(N_TRAIN + WINDOW)
    n = STARTS[-1] + WINDOW + FREE_STEPS - N_TRAIN
    index = (STARTS - N_TRAIN)[:, None] + np.arange(WINDOW + FREE_STEPS)
    splits = {}
    for name, phase in (("validation", -np.pi / 2), ("test", np.pi / 2)):
        signal = datasets.two_timescale_signal(n, start=N_TRAIN, fast_phase=phase)
        splits[name] = np.split(signal[index, None], [WINDOW], 1)
    options = {
        "one_value": {"block": 1},
        "unscaled": {"scale": 1.0},
        "default_init": {"init": "glorot_uniform"},
        "no_level": {"level": False},
        "block_10": {"block": 10},
    }.get(variant, {})
    model = FeedBack(**options)
    stages = base
    if variant == "no_curriculum":
        stages = tuple((base[-1][0], epochs, rate) for _, epochs, rate in base)
    if variant == "short_rollouts":
        short = zip((1, 2, 3), base, strict=True)  # the same epochs and rates, fewer loop steps
        stages = tuple((steps, epochs, rate) for steps, (_, epochs, rate) in short)
    factor = {"rates_half": 0.5, "rates_double": 2.0, "rates_quad": 4.0}.get(variant, 1.0)
    stages = tuple((steps, epochs, rate * factor) for steps, epochs, rate in stages)
    started = time.perf_counter()
    for steps, epochs, rate in stages:
        length = steps * model.block
        starts = rng.integers(0, len(train_span) - WINDOW - length + 1, size=ROLLOUTS)
        rollouts = train_span[starts[:, None] + np.arange(WINDOW + length), None]
        model.steps = steps
        model.compile(optimizer=keras.optimizers.Adam(rate, clipnorm=1.0), loss="mse")
        model.fit(
            rollouts[:, :WINDOW], rollouts[:, WINDOW:], batch_size=BATCH, epochs=epochs, verbose=0
        )
    seconds = time.perf_counter() - started
    row = {"variant": variant, "seed": seed, "train_seconds": round(seconds, 1)}
    for name, (windows, truth) in splits.items():
        forecast = np.asarray(model(windows, steps=FREE_STEPS // model.block))
        mae = float(np.nanmean(np.abs(forecast - truth).mean(axis=(1, 2))))
        row[f"{name}_free_mae"] = mae if np.isfinite(mae) else None
    return row


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("variants", nargs="*", metavar="VARIANT")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--selection", action="store_true", help="start from the first recipe")
    args = parser.parse_args()
    known, out = (CANDIDATES, SELECTION_OUT) if args.selection else (VARIANTS, OUT)
    for variant in rows.chosen(parser, args.variants, known):
        row = run(variant, args.seed, FIRST_STAGES if args.selection else STAGES)
        print(json.dumps(row), flush=True)
        rows.save(out, row, known)


if __name__ == "__main__":
    main()
