"""Tests of notebook 09's additions: linear_forecast (direct, recursive), best_linear_settings."""

import numpy as np
import pytest

import datasets
import forecasting as fc


def _windows(series, window=12, horizon=6):
    cut = int(0.7 * len(series))
    return datasets.make_windows(series[:cut], window, horizon), datasets.make_windows(
        series[cut:], window, horizon
    )


def test_direct_forecast_is_a_least_squares_map_from_the_last_values():
    rng = np.random.default_rng(0)
    (train_past, train_future), (past, _) = _windows(rng.standard_normal(400).cumsum())
    got = fc.linear_forecast(train_past, train_future, past, order=4)
    rows = np.c_[train_past[:, -4:, 0], np.ones(len(train_past))].astype(np.float64)
    weights = np.linalg.lstsq(rows, train_future[:, :, 0].astype(np.float64), rcond=None)[0]
    expected = np.c_[past[:, -4:, 0], np.ones(len(past))] @ weights
    assert got.shape == (len(past), 6, 1) and got.dtype == np.float32
    np.testing.assert_allclose(got[:, :, 0], expected, atol=1e-4)


def test_recursive_forecast_runs_an_exact_ar2_law_forward():
    # A sampled sinusoid obeys x[t] = 2 cos(w) x[t-1] - x[t-2]: order 2, recursive, is exact.
    series = np.sin(0.3 * np.arange(300))
    (train_past, train_future), (past, future) = _windows(series, horizon=20)
    forecast = fc.linear_forecast(train_past, train_future, past, order=2, recursive=True)
    assert forecast.shape == future.shape
    assert fc.mse(forecast, future) < 1e-8
    # Its first step is the direct map's first step (the same least-squares fit).
    direct = fc.linear_forecast(train_past, train_future, past, order=2)
    np.testing.assert_allclose(forecast[:, 0], direct[:, 0], atol=1e-5)


def test_best_linear_settings_returns_the_validation_minimum():
    rng = np.random.default_rng(1)
    series = np.sin(0.2 * np.arange(600)) + 0.05 * rng.standard_normal(600)
    (train_past, train_future), (val_past, val_future) = _windows(series)
    orders, ridges = (1, 2, 4, 8, 32), (0.0, 1.0)
    settings, val_mse = fc.best_linear_settings(
        train_past, train_future, val_past, val_future, orders=orders, ridges=ridges
    )
    assert set(settings) == {"order", "ridge", "recursive"} and settings["order"] in (1, 2, 4, 8)
    again = fc.linear_forecast(train_past, train_future, val_past, **settings)
    assert fc.mse(again, val_future) == pytest.approx(val_mse)
    for order in (1, 2, 4, 8):
        for ridge in ridges:
            for recursive in (False, True):
                other = fc.linear_forecast(
                    train_past, train_future, val_past, order, ridge, recursive
                )
                assert val_mse <= fc.mse(other, val_future) + 1e-12


def test_linear_forecast_errors():
    (train_past, train_future), (past, _) = _windows(np.arange(100.0))
    with pytest.raises(ValueError, match="order"):
        fc.linear_forecast(train_past, train_future, past, order=13)
    with pytest.raises(ValueError, match="train_future"):
        fc.linear_forecast(train_past, train_future[:, :, 0], past, order=2)
    with pytest.raises(ValueError, match="ridge"):
        fc.linear_forecast(train_past, train_future, past, order=2, ridge=-1.0)
    with pytest.raises(ValueError, match="no order"):
        fc.best_linear_settings(train_past, train_future, past, past[:, :6], orders=(64,))
