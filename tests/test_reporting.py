"""Tests of reporting.py: the results file, the plain-text table and the environment check."""

import json
import os
import sys
import types

import pytest

import reporting


def test_save_results_writes_the_scoreboard_record(tmp_path, monkeypatch):
    monkeypatch.setenv("SERIES_RESULTS_DIR", str(tmp_path))
    record = reporting.save_results(
        "99_test",
        title="Test",
        source="nowhere",
        metric="MSE",
        model=("GRU", 0.001),
        baselines={"zero": 0.5, "last value": 0.2},
        original=0.01,
        train_seconds=1.234,
        reproduce_within=0.1,
    )
    saved = json.loads((tmp_path / "99_test.json").read_text())
    assert saved == record
    assert saved["best_baseline"] == {"name": "last value", "value": 0.2}
    assert saved["train_seconds"] == 1.2 and saved["backend"]
    assert saved["reproduce_within"] == 0.1 and saved["title"] == "Test"


def test_save_results_errors(tmp_path, monkeypatch):
    monkeypatch.setenv("SERIES_RESULTS_DIR", str(tmp_path))
    common = dict(title="T", source="s", metric="m")
    with pytest.raises(ValueError, match="finite"):
        reporting.save_results("99_test", **common, model=("m", float("nan")), baselines={"z": 1})
    with pytest.raises(ValueError, match="baseline"):
        reporting.save_results("99_test", **common, model=("m", 1.0), baselines={})
    with pytest.raises(ValueError, match="metric"):
        reporting.save_results(
            "99_test", title="T", source="s", metric=None, model=("m", 1.0), baselines={"z": 1.0}
        )


def test_save_results_without_a_headline_metric(tmp_path, monkeypatch):
    monkeypatch.setenv("SERIES_RESULTS_DIR", str(tmp_path))
    record = reporting.save_results("00_tour", title="Tour", source="all", metric=None, model=None)
    assert record["model"] is None and record["best_baseline"] is None


def test_results_go_to_a_scratch_folder_under_pytest():
    # conftest.py sets SERIES_RESULTS_DIR for every pytest run: tests never touch results/.
    assert reporting.results_dir() != reporting.ROOT / "results"


def test_format_table_aligns_columns():
    text = reporting.format_table(
        [{"model": "GRU", "MSE": 0.000123}, {"model": "last value", "MSE": 0.25}]
    )
    assert text.splitlines() == [
        "model       MSE",
        "----------  --------",
        "GRU         0.000123",
        "last value  0.25",
    ]


def test_check_environment_accepts_our_datasets(capsys):
    reporting.check_environment()
    assert "backend" in capsys.readouterr().out


def test_check_environment_refuses_a_shadowing_datasets(monkeypatch):
    impostor = types.ModuleType("datasets")
    impostor.__file__ = "/site-packages/datasets/__init__.py"
    monkeypatch.setitem(sys.modules, "datasets", impostor)
    with pytest.raises(ImportError, match="shadows"):
        reporting.check_environment()


def test_check_environment_refuses_modules_of_another_checkout(monkeypatch, tmp_path):
    (tmp_path / "reporting.py").write_text("")  # another checkout of the series
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    with pytest.raises(ImportError, match="another checkout"):
        reporting.check_environment()


def test_check_environment_ignores_folders_outside_a_checkout(monkeypatch, tmp_path, capsys):
    (tmp_path / "scratch").mkdir()
    monkeypatch.chdir(tmp_path / "scratch")
    reporting.check_environment()
    assert "backend" in capsys.readouterr().out


@pytest.mark.parametrize(
    "backend, expected", [("jax", True), ("tensorflow", False), ("torch", False)]
)
def test_jit_compile_only_on_jax(monkeypatch, backend, expected):
    import keras

    monkeypatch.setattr(keras.backend, "backend", lambda: backend)
    assert reporting.jit_compile() is expected


def test_reproduces_within_the_records_relative_tolerance():
    record = {"model": {"name": "GRU", "value": 2.0}, "reproduce_within": 0.1}
    assert reporting.reproduces(record, 2.2) and not reporting.reproduces(record, 2.21)
    assert reporting.reproduces({"model": {"value": 2.0}}, 2.0)  # 0: identical
    assert not reporting.reproduces({"model": {"value": 2.0}}, 2.0001)


def test_reproduces_is_relative_for_tiny_figures():
    # notebook 05's scale: an edited figure twice the fresh one must not pass on an absolute slack
    record = {"model": {"name": "LSTM", "value": 3.3e-11}, "reproduce_within": 0.5}
    assert not reporting.reproduces(record, 1.6466e-11)
    assert reporting.reproduces(record, 1.66e-11)


def test_check_answer_says_what_was_expected(capsys):
    assert reporting.check_answer(None, 3, what="the number of layers") is False
    assert "Not attempted yet: the number of layers" in capsys.readouterr().out
    assert reporting.check_answer(3, 3, what="the number of layers") is True
    assert reporting.check_answer(0.0104, 0.0105, what="the bound", rtol=0.05) is True
    assert reporting.check_answer((2, 10, 1), (2, 10, 1), what="the shape") is True
    assert reporting.check_answer(5, lambda n: n > 4, what="more than four") is True
    with pytest.raises(AssertionError, match=r"the shape: expected \(2, 10, 1\), got \(10, 2, 1\)"):
        reporting.check_answer((10, 2, 1), (2, 10, 1), what="the shape")
    with pytest.raises(AssertionError, match="within 1%"):
        reporting.check_answer(1.1, 1.0, what="the ratio", rtol=0.01)


def test_configure_threads_sets_tensorflow_pools_and_rejects_nonsense(monkeypatch):
    for name in ("TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS", "SERIES_THREADS"):
        monkeypatch.delenv(name, raising=False)
    assert reporting.configure_threads() is None  # unset: the backend's defaults
    assert "TF_NUM_INTRAOP_THREADS" not in os.environ
    monkeypatch.setenv("SERIES_THREADS", "1")
    assert reporting.configure_threads() == 1
    assert os.environ["TF_NUM_INTRAOP_THREADS"] == "1" == os.environ["TF_NUM_INTEROP_THREADS"]
    monkeypatch.setenv("TF_NUM_INTRAOP_THREADS", "4")  # set by the user: left alone
    monkeypatch.delenv("TF_NUM_INTEROP_THREADS")
    monkeypatch.setenv("SERIES_THREADS", "2")
    assert reporting.configure_threads() == 2
    assert (
        os.environ["TF_NUM_INTRAOP_THREADS"] == "4" and os.environ["TF_NUM_INTEROP_THREADS"] == "2"
    )
    monkeypatch.setenv("SERIES_THREADS", "zero")
    with pytest.raises(ValueError, match="SERIES_THREADS must be a whole number"):
        reporting.configure_threads()


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
    assert reporting.multiply_adds(model) == gru + lstm + dense
    cost = reporting.fit_cost(model, batch_size=128, steps=100, seconds=2.0)
    assert cost["steps"] == 100 and cost["ms_per_step"] == 20.0
    assert cost["gflop_per_step"] == round(6 * (gru + lstm + dense) * 128 / 1e9, 4)
    with pytest.raises(ValueError, match="steps must be >= 1"):
        reporting.fit_cost(model, batch_size=128, steps=0, seconds=2.0)
    with pytest.raises(ValueError, match="kind must be one of"):
        reporting.recurrent_multiply_adds("Conv", 1, 1, 1)


def test_fit_cost_gives_no_gflops_for_a_model_it_cannot_count():
    import keras
    from keras import layers

    past = keras.Input((15, 1))
    model = keras.Model(past, layers.RNN(layers.SimpleRNNCell(4))(past))  # a bare cell: not counted
    assert reporting.multiply_adds(model) == 0
    cost = reporting.fit_cost(model, batch_size=32, steps=10, seconds=1.0)
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
    model.compile(optimizer, "mse", jit_compile=reporting.jit_compile())
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
    assert reporting.restart(reused, 7) is reused
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
    model = reporting.restart(_small_gru(), 3)
    assert all((a == b).all() for a, b in zip(model.get_weights(), expected, strict=True))


def test_restart_refuses_an_uncompiled_model():
    import keras
    from keras import layers

    model = keras.Sequential([keras.Input((4, 1)), layers.GRU(2)])
    with pytest.raises(ValueError, match="restart needs a compiled model"):
        reporting.restart(model, 0)
