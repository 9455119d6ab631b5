"""Tests of training.py: the progress callback, thread settings, fit cost and ``restart``."""

import os

import numpy as np
import pytest

import reporting
import training


def test_progress_shows_one_bar_and_notes_the_fit(capsys, tmp_path, monkeypatch):
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile("adam", "mse")
    x = np.ones((40, 3), "float32")
    before = len(training.fits())
    model.fit(x, x[:, :1], epochs=3, batch_size=8, verbose=0, callbacks=[training.progress()])
    shown = capsys.readouterr().out
    assert "3/3" in shown and "loss=" in shown and "\r" in shown  # redrawn in place
    measured = training.fits()
    assert len(measured) == before + 1 and measured[-1]["steps"] == 3 * 5
    assert measured[-1]["seconds"] > 0
    monkeypatch.setenv("SERIES_RESULTS_DIR", str(tmp_path))
    reporting.record(
        "99_test", title="T", source="S", metric="MSE", model=("m", 1.0), baselines={"b": 2.0}
    )
    printed = capsys.readouterr().out.strip().splitlines()
    assert printed == ["recorded " + str(tmp_path / "99_test.json") + ": m 1 (MSE)"]
    import json

    saved = json.loads((tmp_path / "99_test.json").read_text())
    assert (
        saved["extra"]["fit"]["steps"] == max(training.fits(), key=lambda f: f["seconds"])["steps"]
    )


@pytest.mark.parametrize(
    "backend, expected", [("jax", True), ("tensorflow", False), ("torch", False)]
)
def test_jit_compile_only_on_jax(monkeypatch, backend, expected):
    import keras

    monkeypatch.setattr(keras.backend, "backend", lambda: backend)
    assert training.jit_compile() is expected


def test_configure_threads_sets_tensorflow_pools_and_rejects_nonsense(monkeypatch):
    for name in ("TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS", "SERIES_THREADS"):
        monkeypatch.delenv(name, raising=False)
    assert training.configure_threads() is None  # unset: the backend's defaults
    assert "TF_NUM_INTRAOP_THREADS" not in os.environ
    monkeypatch.setenv("SERIES_THREADS", "1")
    assert training.configure_threads() == 1
    assert os.environ["TF_NUM_INTRAOP_THREADS"] == "1" == os.environ["TF_NUM_INTEROP_THREADS"]
    monkeypatch.setenv("TF_NUM_INTRAOP_THREADS", "4")  # set by the user: left alone
    monkeypatch.delenv("TF_NUM_INTEROP_THREADS")
    monkeypatch.setenv("SERIES_THREADS", "2")
    assert training.configure_threads() == 2
    assert (
        os.environ["TF_NUM_INTRAOP_THREADS"] == "4" and os.environ["TF_NUM_INTEROP_THREADS"] == "2"
    )
    monkeypatch.setenv("SERIES_THREADS", "zero")
    with pytest.raises(ValueError, match="SERIES_THREADS must be a whole number"):
        training.configure_threads()


def test_multiply_adds_counts_recurrent_and_dense_layers():
    import keras
    from keras import layers

    past = keras.Input((15, 1))
    sequence, state = layers.GRU(64, return_sequences=True, return_state=True)(past)
    sequence = layers.GRU(64, return_sequences=True)(sequence, initial_state=state)
    both = layers.Bidirectional(layers.LSTM(8, return_sequences=True))(sequence)
    model = keras.Model(past, layers.Dense(1)(both))
    gru = 15 * 3 * (1 + 64) * 64 + 15 * 3 * (64 + 64) * 64  # 3 gates, input and state
    lstm = 2 * 15 * 4 * (64 + 8) * 8  # two directions, 4 gates
    dense = 15 * 16 * 1  # at each of 15 steps, 16 inputs to 1 output
    assert training.multiply_adds(model) == gru + lstm + dense
    cost = training.fit_cost(model, batch_size=128, steps=100, seconds=2.0)
    assert cost["steps"] == 100 and cost["ms_per_step"] == 20.0
    assert cost["gflop_per_step"] == round(6 * (gru + lstm + dense) * 128 / 1e9, 4)
    with pytest.raises(ValueError, match="steps must be >= 1"):
        training.fit_cost(model, batch_size=128, steps=0, seconds=2.0)
    with pytest.raises(ValueError, match="kind must be one of"):
        training.recurrent_multiply_adds("Conv", 1, 1, 1)


def test_fit_cost_gives_no_gflops_for_a_model_it_cannot_count():
    import keras
    from keras import layers

    past = keras.Input((15, 1))
    model = keras.Model(past, layers.RNN(layers.SimpleRNNCell(4))(past))  # a bare cell: not counted
    assert training.multiply_adds(model) == 0
    cost = training.fit_cost(model, batch_size=32, steps=10, seconds=1.0)
    assert cost["gflop_per_step"] is None and cost["gflops"] is None
    assert cost["ms_per_step"] == 100.0


def _small_gru(n_features=2, optimizer=None):
    """A model with 04's ingredients: a GRU encoder and decoder, a zero-initialised Dense, an op
    on a KerasTensor (two randomly initialised layers: their order matters to a fresh start)."""
    import keras
    from keras import layers

    past = keras.Input((6, n_features))
    _, state = layers.GRU(5, return_state=True)(past)
    decoded = layers.GRU(5, return_sequences=True)(
        layers.RepeatVector(3)(state), initial_state=state
    )
    change = layers.Dense(2, kernel_initializer="zeros")(decoded)
    model = keras.Model(past, layers.Add()([past[:, -1:, :2], change]))
    optimizer = optimizer or keras.optimizers.Adam(1e-2)
    model.compile(optimizer, "mse", jit_compile=training.jit_compile())
    return model


@pytest.mark.parametrize("optimizer", ["adam", "adam_schedule", "adagrad"])
def test_restart_gives_a_trained_model_the_start_and_training_of_a_fresh_build(optimizer):
    import keras
    import numpy as np

    def make():
        return {  # Adagrad's accumulators start at 0.1, not 0
            "adam": lambda: keras.optimizers.Adam(1e-2),
            "adam_schedule": lambda: keras.optimizers.Adam(
                keras.optimizers.schedules.CosineDecay(1e-2, decay_steps=10)
            ),
            "adagrad": lambda: keras.optimizers.Adagrad(0.1),
        }[optimizer]()

    rng = np.random.default_rng(0)
    x = rng.standard_normal((32, 6, 2)).astype("float32")
    y = rng.standard_normal((32, 3, 2)).astype("float32")
    keras.utils.set_random_seed(7)
    fresh = _small_gru(optimizer=make())
    fresh_start = [w.copy() for w in fresh.get_weights()]
    fresh_loss = fresh.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0).history["loss"]

    keras.utils.set_random_seed(1)
    reused = _small_gru(optimizer=make())
    reused.fit(x[::-1], y[::-1], batch_size=16, epochs=3, verbose=0)  # trained: it has state
    assert int(reused.optimizer.iterations) == 6
    assert training.restart(reused, 7) is reused
    for restarted, expected in zip(reused.get_weights(), fresh_start, strict=True):
        np.testing.assert_array_equal(restarted, expected)
    assert int(reused.optimizer.iterations) == 0
    loss = reused.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0).history["loss"]
    np.testing.assert_allclose(loss, fresh_loss, rtol=1e-5)


def test_restart_of_a_model_never_trained_matches_a_fresh_build():
    import keras

    keras.utils.set_random_seed(3)
    expected = _small_gru().get_weights()
    keras.utils.set_random_seed(0)
    model = training.restart(_small_gru(), 3)
    assert all((a == b).all() for a, b in zip(model.get_weights(), expected, strict=True))


def test_restart_refuses_an_uncompiled_model():
    import keras
    from keras import layers

    model = keras.Sequential([keras.Input((4, 1)), layers.GRU(2)])
    with pytest.raises(ValueError, match="restart needs a compiled model"):
        training.restart(model, 0)


def test_unroll_short_loops_only_on_tensorflow_and_short_sequences(monkeypatch):
    import keras

    inputs = keras.Input((15, 1))
    short = keras.layers.GRU(4, return_sequences=True)(inputs)
    long_inputs = keras.Input((100, 1))
    long = keras.layers.GRU(4)(long_inputs)
    model = keras.Model([inputs, long_inputs], [short, long])
    monkeypatch.setattr(training, "unroll", lambda: False)  # JAX: left alone
    assert not any(
        getattr(layer, "unroll", False) for layer in training.unroll_short_loops(model).layers
    )
    monkeypatch.setattr(training, "unroll", lambda: True)
    training.unroll_short_loops(model)
    assert [layer.unroll for layer in model.layers if hasattr(layer, "unroll")] == [True, False]
    x = np.ones((2, 15, 1), "float32"), np.ones((2, 100, 1), "float32")
    assert model.predict_on_batch(x)[0].shape == (2, 15, 4)  # still runs, unrolled
