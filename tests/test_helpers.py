"""Tests of helpers.py: the Prony baseline, the results file and the plain-text table."""

import json

import numpy as np
import pytest

import datasets
import helpers


def test_linear_recurrence_forecast_is_exact_on_clean_sines():
    past, future = datasets.sines(200, seed=0)
    forecast = helpers.linear_recurrence_forecast(past, horizon=10, order=2)
    assert forecast.shape == future.shape and forecast.dtype == np.float32
    assert float(np.mean((forecast - future) ** 2)) < 1e-8


def test_linear_recurrence_forecast_on_two_sinusoids_needs_order_four():
    past, future = datasets.superposed_sines(500, seed=1)
    order2 = np.mean((helpers.linear_recurrence_forecast(past, 15, order=2) - future) ** 2)
    order4 = np.mean((helpers.linear_recurrence_forecast(past, 15, order=4) - future) ** 2)
    assert order4 < 1e-3 < order2


def test_linear_recurrence_forecast_errors():
    with pytest.raises(ValueError, match="shape"):
        helpers.linear_recurrence_forecast(np.zeros((4, 10)), 3, 2)
    with pytest.raises(ValueError, match="order"):
        helpers.linear_recurrence_forecast(np.zeros((4, 10, 1)), 3, 10)


def test_save_results_writes_the_scoreboard_record(tmp_path, monkeypatch):
    monkeypatch.setenv("SERIES_RESULTS_DIR", str(tmp_path))
    record = helpers.save_results(
        "99_test",
        title="Test",
        source="nowhere",
        metric="MSE",
        model=("GRU", 0.001),
        baselines={"zero": 0.5, "last value": 0.2},
        original=0.01,
        train_seconds=1.234,
    )
    saved = json.loads((tmp_path / "99_test.json").read_text())
    assert saved == record
    assert saved["best_baseline"] == {"name": "last value", "value": 0.2}
    assert saved["train_seconds"] == 1.2 and saved["backend"]
    with pytest.raises(ValueError, match="finite"):
        helpers.save_results(
            "99_test",
            title="T",
            source="s",
            metric="m",
            model=("m", float("nan")),
            baselines={"zero": 1.0},
        )
    with pytest.raises(ValueError, match="baseline"):
        helpers.save_results(
            "99_test", title="T", source="s", metric="m", model=("m", 1.0), baselines={}
        )


def test_format_table_aligns_columns():
    text = helpers.format_table(
        [{"model": "GRU", "MSE": 0.000123}, {"model": "last value", "MSE": 0.25}]
    )
    assert text.splitlines() == [
        "model       MSE",
        "----------  --------",
        "GRU         0.000123",
        "last value  0.25",
    ]
