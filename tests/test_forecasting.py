"""Tests of forecasting.py: metrics, naive baselines, the per-window recurrence and LinearMap."""

import numpy as np
import pytest

import datasets
import forecasting as fc


def test_mse_and_mae_on_known_values():
    prediction = np.array([[1.0, 2.0], [3.0, 4.0]])
    target = np.array([[1.0, 0.0], [3.0, 8.0]])
    assert fc.mse(prediction, target) == pytest.approx((4 + 16) / 4)
    assert fc.mae(prediction, target) == pytest.approx((2 + 4) / 4)
    assert isinstance(fc.mse(prediction, target), float)


def test_metrics_use_float64_not_the_inputs_float32():
    big = np.full(10, 1e4, np.float32)
    assert fc.mse(big + np.float32(0.5), big) == 0.25


@pytest.mark.parametrize("metric", [fc.mse, fc.mae])
def test_metrics_refuse_mismatched_shapes(metric):
    with pytest.raises(ValueError, match="same shape"):
        metric(np.zeros((5, 1)), np.zeros(5))  # would broadcast to (5, 5)
    with pytest.raises(ValueError, match="same shape"):
        metric(np.zeros((2, 3, 1)), np.zeros((2, 3, 2)))
    with pytest.raises(ValueError, match="empty"):
        metric(np.zeros(0), np.zeros(0))


def test_error_by_step():
    target = np.zeros((3, 4, 2))
    prediction = np.zeros((3, 4, 2))
    prediction[:, 2, :] = 2.0
    np.testing.assert_allclose(fc.error_by_step(prediction, target), [0, 0, 4, 0])
    np.testing.assert_allclose(fc.error_by_step(prediction, target, kind="mae"), [0, 0, 2, 0])
    with pytest.raises(ValueError, match="horizon"):
        fc.error_by_step(np.zeros((3, 4)), np.zeros((3, 4)))
    with pytest.raises(ValueError, match="kind"):
        fc.error_by_step(prediction, target, kind="rmse")


PAST = np.arange(2 * 5 * 2, dtype=np.float32).reshape(2, 5, 2)  # (batch 2, time 5, features 2)


def test_naive_baselines_shapes_and_values():
    assert fc.zero(PAST, 3).shape == (2, 3, 2) and not fc.zero(PAST, 3).any()
    last = fc.last_value(PAST, 3)
    assert last.shape == (2, 3, 2) and last.dtype == np.float32
    np.testing.assert_array_equal(last[0, :, 0], [8, 8, 8])
    np.testing.assert_array_equal(fc.past_mean(PAST, 2)[1, :, 1], [15, 15])


def test_drift_extends_a_straight_line():
    line = np.arange(6, dtype=np.float64).reshape(1, 6, 1) * 2.0 + 1.0
    np.testing.assert_allclose(fc.drift(line, 3)[0, :, 0], [13, 15, 17])
    np.testing.assert_allclose(fc.drift(line, 2, lookback=1)[0, :, 0], [13, 15])
    bent = np.array([0.0, 0.0, 0.0, 1.0, 3.0]).reshape(1, 5, 1)
    np.testing.assert_allclose(fc.drift(bent, 2, lookback=1)[0, :, 0], [5, 7])
    np.testing.assert_allclose(fc.drift(bent, 1)[0, :, 0], [3.75])
    with pytest.raises(ValueError, match="lookback"):
        fc.drift(bent, 1, lookback=5)


@pytest.mark.parametrize("baseline", [fc.zero, fc.last_value, fc.drift, fc.past_mean])
def test_naive_baselines_refuse_bad_input(baseline):
    with pytest.raises(ValueError, match="batch, time, features"):
        baseline(np.zeros((4, 10)), 3)
    with pytest.raises(ValueError, match="horizon"):
        baseline(PAST, 0)


def test_linear_recurrence_is_exact_on_clean_sines():
    past, future = datasets.sines(200, seed=0)
    forecast = fc.linear_recurrence(past, horizon=10, order=2)
    assert forecast.shape == future.shape and forecast.dtype == np.float32
    assert fc.mse(forecast, future) < 1e-8


def test_linear_recurrence_on_two_sinusoids_needs_order_four():
    past, future = datasets.superposed_sines(500, seed=1)
    order2 = fc.mse(fc.linear_recurrence(past, 15, order=2), future)
    order4 = fc.mse(fc.linear_recurrence(past, 15, order=4), future)
    assert order4 < 1e-3 < order2


def test_linear_recurrence_errors():
    with pytest.raises(ValueError, match="shape"):
        fc.linear_recurrence(np.zeros((4, 10)), 3, 2)
    with pytest.raises(ValueError, match="order"):
        fc.linear_recurrence(np.zeros((4, 10, 1)), 3, 10)
    with pytest.raises(ValueError, match="ridge"):
        fc.linear_recurrence(np.zeros((4, 10, 1)), 3, 2, ridge=-1)


def test_linear_map_recovers_a_linear_rule():
    rng = np.random.default_rng(0)
    past = rng.normal(size=(200, 6, 2))
    future = (past[:, -1:, :] * 2.0 - past[:, -2:-1, :]) + 0.5  # a linear map plus an intercept
    model = fc.LinearMap().fit(past, future)
    prediction = model.predict(past[:10])
    assert prediction.shape == (10, 1, 2) and prediction.dtype == np.float32
    np.testing.assert_allclose(prediction, future[:10], atol=1e-5)


def test_linear_map_is_least_squares_ar_on_a_sine():
    signal = np.sin(np.arange(400) * 0.1)
    past, following = datasets.make_windows(signal, window=4)
    model = fc.LinearMap(intercept=False).fit(past[:300], following[:300])
    assert fc.mse(model.predict(past[300:]), following[300:]) < 1e-12  # float32 windows


def test_linear_map_ridge_shrinks_and_errors():
    rng = np.random.default_rng(1)
    past, future = rng.normal(size=(50, 4, 1)), rng.normal(size=(50, 2, 1))
    plain = fc.LinearMap().fit(past, future)
    shrunk = fc.LinearMap(ridge=1e3).fit(past, future)
    assert np.abs(shrunk.weights[:-1]).sum() < np.abs(plain.weights[:-1]).sum()
    with pytest.raises(ValueError, match="before fit"):
        fc.LinearMap().predict(past)
    with pytest.raises(ValueError, match="same batch"):
        fc.LinearMap().fit(past, future[:10])
    with pytest.raises(ValueError, match="past windows must have shape"):
        plain.predict(np.zeros((3, 5, 1)))
    with pytest.raises(ValueError, match="ridge"):
        fc.LinearMap(ridge=-1.0)


def test_labels_are_fixed_names():
    assert fc.LABELS["last_value"] == "last value"
    assert len(set(fc.LABELS.values())) == len(fc.LABELS)
