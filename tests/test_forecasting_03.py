"""Tests of the subspace (ESPRIT / matrix-pencil) forecaster added for notebook 03."""

import numpy as np
import pytest

import datasets
import forecasting as fc


def _two_sines(steps, features=1):
    t = np.arange(steps, dtype=np.float64)
    waves = [
        0.7 * np.sin(0.3 * t + 1.0) + 0.4 * np.cos(1.1 * t + 0.2),
        1.2 * np.cos(0.05 * t + 2.0) - 0.3 * np.sin(2.5 * t),
    ]
    return np.stack(waves[:features], axis=-1)[None]  # (1, steps, features)


def test_subspace_forecast_recovers_a_pure_sum_of_sinusoids():
    signal = _two_sines(70, features=2)
    past, future = signal[:, :30], signal[:, 30:]
    for window in (5, 10, 15, 20, 26):
        forecast = fc.subspace_forecast(past, 40, rank=4, window=window, dtype=np.float64)
        assert forecast.dtype == np.float64
        np.testing.assert_allclose(forecast, future, atol=1e-10, rtol=0)
    # the default float32 result is that, rounded
    np.testing.assert_allclose(fc.subspace_forecast(past, 40, rank=4), future, atol=1e-5)


def test_subspace_forecast_fit_past_returns_the_fitted_waves_then_the_forecast():
    signal = _two_sines(60)
    past = signal[:, :30]
    both = fc.subspace_forecast(past, 30, rank=4, window=12, dtype=np.float64, fit_past=True)
    assert both.shape == (1, 60, 1)
    np.testing.assert_allclose(both, signal, atol=1e-10, rtol=0)  # clean: the fit is exact
    noisy, _ = datasets.noisy_superposed_sines(20, 30, seed=4)
    fitted = fc.subspace_forecast(noisy, 7, rank=6, window=18, fit_past=True)
    np.testing.assert_allclose(fitted[:, 30:], fc.subspace_forecast(noisy, 7, 6, 18), atol=1e-6)


def test_subspace_forecast_with_an_offset_needs_one_more_pole():
    signal = _two_sines(60) + 0.5
    past, future = signal[:, :30], signal[:, 30:]
    exact = fc.subspace_forecast(past, 30, rank=5, window=12, dtype=np.float64)
    np.testing.assert_allclose(exact, future, atol=1e-10, rtol=0)
    short = fc.subspace_forecast(past, 30, rank=4, window=12, dtype=np.float64)
    assert np.abs(short - future).max() > 1e-3


def test_subspace_forecast_projects_poles_onto_the_unit_circle():
    # a decaying wave: the projected poles do not decay, so the forecast keeps its size
    t = np.arange(60, dtype=np.float64)
    decaying = (0.97**t * np.sin(0.4 * t))[None, :, None]
    forecast = fc.subspace_forecast(decaying[:, :30], 30, rank=2, dtype=np.float64)
    late = np.abs(forecast[0, -10:, 0]).max()
    assert late > 2 * np.abs(decaying[0, -10:, 0]).max()


def test_subspace_forecast_shapes_and_dtype():
    past, _ = datasets.noisy_superposed_sines(50, 30, seed=0)
    forecast = fc.subspace_forecast(past, 7, rank=4, window=12)
    assert forecast.shape == (50, 7, 1) and forecast.dtype == np.float32
    assert np.isfinite(forecast).all()
    two = np.concatenate([past, -past], axis=-1)
    both = fc.subspace_forecast(two, 7, rank=4, window=12)
    assert both.shape == (50, 7, 2)
    np.testing.assert_allclose(both[..., 1], -both[..., 0], atol=1e-5)
    zeros = fc.subspace_forecast(np.zeros((2, 30, 1)), 5, rank=4)  # degenerate: no NaN
    np.testing.assert_allclose(zeros, 0.0)


def test_subspace_forecast_beats_predicting_zero_on_noisy_sines():
    past, future = datasets.noisy_superposed_sines(500, 30, seed=5)
    forecast = fc.subspace_forecast(past, 30, rank=4, window=12)
    assert fc.mse(forecast, future) < 0.5 * fc.mse(fc.zero(past, 30), future)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"rank": 0}, "rank"),
        ({"rank": 4.0}, "rank"),
        ({"rank": 12, "window": 12}, "rank"),  # rank must be below window
        ({"rank": 4, "window": 1}, "window"),
        ({"rank": 4, "window": 30}, "window"),
        ({"rank": 4, "window": True}, "window"),
    ],
)
def test_subspace_forecast_argument_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        fc.subspace_forecast(np.zeros((2, 30, 1)), 5, **kwargs)


def test_subspace_forecast_shape_errors():
    with pytest.raises(ValueError, match="batch, time, features"):
        fc.subspace_forecast(np.zeros((2, 30)), 5, rank=4)
    with pytest.raises(ValueError, match="horizon"):
        fc.subspace_forecast(np.zeros((2, 30, 1)), 0, rank=4)
