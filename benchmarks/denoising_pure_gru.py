"""Notebook 03's networks trained longer than the notebook trains them: what the pure GRU reaches.

    python benchmarks/denoising_pure_gru.py   # writes benchmarks/denoising_pure_gru.json

Notebook 03 trains its plain GRU (the encoder-decoder without the classical forecast) and its
correcting GRU for 16 epochs each on its main path; its Going deeper quotes this json's 64-epoch
plain run in one line. This script rebuilds the notebook's data and recipe (seed 42, batches of
256, Adam at 1e-2 cosine-decayed to zero over each run, gradient norm clipped at 1) and trains the
plain network for 4, 16 and 64 epochs and a correcting network for 16 (this one also reads a
linear-recurrence forecast, unlike the notebook's), each a fresh run. It records the validation
MSE after every epoch and the final validation and test MSE per value: 100 epochs of 64 steps in
all, minutes on a CPU.
"""

import json
from pathlib import Path

import keras
import numpy as np
from keras import layers, ops

import datasets
import forecasting

SEQ_LENGTH, HIDDEN, BATCH_SIZE, LEARNING_RATE, SEED = 30, 32, 256, 1e-2, 42
N_TRAIN, N_VALIDATION, N_TEST = 16_384, 2_000, 2_000
RANK, WINDOW, ORDER, RIDGE = 6, 18, 12, 1.0
RUNS = [(False, 4), (False, 16), (False, 64), (True, 16)]  # (reads the classical forecasts, epochs)
OUT = Path(__file__).with_suffix(".json")


def build_model(classical: bool) -> keras.Model:  # 03's networks (its main path: ESPRIT only)
    noisy_past = keras.Input(shape=(SEQ_LENGTH, 1))
    _, state = layers.GRU(HIDDEN, return_state=True)(noisy_past)
    summary = layers.RepeatVector(SEQ_LENGTH)(state)
    if classical:
        guesses = keras.Input(shape=(SEQ_LENGTH, 2))
        start = keras.initializers.Constant([[1.0], [0.0]])
        skip = layers.Dense(1, use_bias=False, kernel_initializer=start)(guesses)
        inputs, decoder_inputs = [noisy_past, guesses], ops.concatenate([guesses, summary], -1)
    else:
        inputs, decoder_inputs, skip = noisy_past, summary, 0.0
    sequence = layers.GRU(HIDDEN, return_sequences=True)(decoder_inputs, initial_state=[state])
    correction = layers.Dense(1, kernel_initializer="zeros")(sequence)
    return keras.Model(inputs, skip + correction)


def main() -> None:
    stats = datasets.noisy_superposed_sines_stats(N_TRAIN, SEQ_LENGTH, seed=1)
    draws = {"train": (N_TRAIN, 1), "validation": (N_VALIDATION, 3), "test": (N_TEST, 2)}
    data = {}
    for name, (n, seed) in draws.items():
        past, future = datasets.noisy_superposed_sines(n, SEQ_LENGTH, seed=seed, stats=stats)
        esprit = forecasting.subspace_forecast(past, SEQ_LENGTH, RANK, WINDOW)
        recurrence = forecasting.linear_recurrence(past, SEQ_LENGTH, ORDER, RIDGE)
        data[name] = (past, np.concatenate([esprit, recurrence], axis=-1), future)
    runs = []
    for classical, epochs in RUNS:
        keras.utils.set_random_seed(SEED)
        model = build_model(classical)
        steps = epochs * (N_TRAIN // BATCH_SIZE)
        schedule = keras.optimizers.schedules.CosineDecay(LEARNING_RATE, decay_steps=steps)
        model.compile(optimizer=keras.optimizers.Adam(schedule, clipnorm=1.0), loss="mse")
        inputs = {k: [p, c] if classical else p for k, (p, c, _) in data.items()}
        history = model.fit(
            inputs["train"],
            data["train"][2],
            batch_size=BATCH_SIZE,
            epochs=epochs,
            validation_data=(inputs["validation"], data["validation"][2]),
            verbose=0,
        )
        scores = {
            k: forecasting.mse(model.predict(inputs[k], verbose=0), data[k][2])
            for k in ("validation", "test")
        }
        run = {
            "network": "correcting" if classical else "pure",
            "epochs": epochs,
            "steps": steps,
            **scores,
            "validation_per_epoch": [round(v, 5) for v in history.history["val_loss"]],
        }
        print(json.dumps(run), flush=True)
        runs.append(run)
    record = {"backend": keras.backend.backend(), "keras": keras.__version__, "runs": runs}
    OUT.write_text(json.dumps(record, indent=2) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
