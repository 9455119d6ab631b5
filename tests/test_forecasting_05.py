"""Tests for notebook 05's window-scaled correction target (forecasting.WindowScaledCorrection)."""

import numpy as np
import pytest

import forecasting


def _windows(seed=0, batch=64, time=10, features=2):
    rng = np.random.default_rng(seed)
    amplitude = rng.uniform(0.5, 80.0, size=(batch, 1, features))
    phase = rng.uniform(0, 6, size=(batch, 1, features))
    past = amplitude * np.sin(np.linspace(0, 0.1, time + 1)[None, :, None] + phase)
    return past[:, :-1], past[:, -1:]


def test_window_size_is_the_largest_absolute_value_per_window_and_feature():
    past = np.array([[[1.0, -3.0], [-2.0, 0.5]]])  # (1, 2, 2)
    assert forecasting.window_size(past) == pytest.approx(np.array([[[2.0, 3.0]]]) + 1e-6)
    assert forecasting.window_size(np.zeros((1, 3, 1)))[0, 0, 0] > 0
    with pytest.raises(ValueError, match="batch, time, features"):
        forecasting.window_size(np.zeros((3, 2)))


def test_zero_output_is_the_two_point_extrapolation_and_the_target_inverts():
    past, following = _windows()
    scaling = forecasting.WindowScaledCorrection(past, following)
    two_point = 2 * past[:, -1:] - past[:, -2:-1]
    assert scaling.forecast(past, np.zeros_like(following)) == pytest.approx(two_point)
    recovered = scaling.forecast(past, scaling.target(past, following))
    assert recovered == pytest.approx(following, rel=1e-5, abs=1e-6)
    assert np.std(scaling.target(past, following)) == pytest.approx(1.0, rel=1e-5)


def test_inputs_are_scaled_per_window_and_weights_are_size_squared():
    past, following = _windows(seed=1)
    scaling = forecasting.WindowScaledCorrection(past, following)
    inputs = scaling.inputs(past)
    assert inputs.dtype == np.float32 and inputs.shape == past.shape
    assert np.abs(inputs).max(axis=1) == pytest.approx(np.ones((len(past), 2)), rel=1e-5)
    size = np.abs(past).max(axis=1)  # (batch, features)
    assert scaling.weights(past) == pytest.approx((size + 1e-6).mean(axis=1) ** 2)
    # The same windows 10 times larger: the same inputs and target, 100 times the weight.
    assert scaling.inputs(10 * past) == pytest.approx(inputs, rel=1e-4, abs=1e-6)
    assert scaling.weights(10 * past) == pytest.approx(100 * scaling.weights(past), rel=1e-4)
    assert scaling.target(10 * past, 10 * following) == pytest.approx(
        scaling.target(past, following), rel=1e-4, abs=1e-5
    )


def test_bad_shapes_are_refused():
    with pytest.raises(ValueError, match="following"):
        forecasting.WindowScaledCorrection(np.zeros((4, 10, 1)), np.zeros((4, 2, 1)))
