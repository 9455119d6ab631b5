"""Tests of notebook 08's additions: seasonal_difference, TrendSeasonal."""

import numpy as np
import pytest

import datasets
import forecasting as fc


def test_seasonal_difference_by_hand():
    rng = np.random.default_rng(0)
    series = rng.normal(size=60)
    start, period, dw, sw = 20, 12, 5, 4
    forecast = fc.seasonal_difference(series, start, period, diff_window=dw, smooth_window=sw)
    assert forecast.shape == (40,) and forecast.dtype == np.float32
    for i in (start, 37, 59):
        change = np.mean([series[u] - series[u - period] for u in range(i - dw, i)])
        smooth = series[i - period - 2 : i - period + 2].mean()
        assert forecast[i - start] == pytest.approx(change + smooth, abs=1e-5)


def test_seasonal_difference_is_exact_on_a_periodic_series_with_a_trend():
    time = np.arange(100, dtype=float)
    series = 0.5 * time + np.sin(2 * np.pi * time / 10)
    forecast = fc.seasonal_difference(series, 30, period=10, diff_window=5, smooth_window=1)
    np.testing.assert_allclose(forecast, series[30:], atol=1e-5)


def test_seasonal_difference_reproduces_the_course_method_on_the_series():
    _, series, _ = datasets.trend_seasonal_series()
    forecast = fc.seasonal_difference(series, 1000)
    days = np.arange(1000, len(series))
    by_hand = [
        series[i - 370 : i - 360].mean() + (series[i - 50 : i] - series[i - 415 : i - 365]).mean()
        for i in days
    ]
    np.testing.assert_allclose(forecast, by_hand, rtol=1e-5)
    assert fc.mae(forecast, series[1000:]) == pytest.approx(4.569, abs=0.001)


def test_seasonal_difference_errors():
    series = np.zeros(100)
    with pytest.raises(ValueError, match="start must be between"):
        fc.seasonal_difference(series, 10, period=12, diff_window=5)
    with pytest.raises(ValueError, match="start must be between"):
        fc.seasonal_difference(series, 100, period=12, diff_window=5)
    with pytest.raises(ValueError, match="1-D"):
        fc.seasonal_difference(series[:, None], 50, period=12)
    with pytest.raises(ValueError, match="diff_window"):
        fc.seasonal_difference(series, 50, period=12, diff_window=0)


def test_label_of_the_seasonal_baseline():
    assert fc.LABELS["seasonal_difference"] == "seasonal differencing (course week 1)"


def test_trend_seasonal_is_a_named_tuple():
    result = datasets.trend_seasonal_series(n=400)
    assert isinstance(result, tuple) and result._fields == ("time", "series", "clean")
    time, series, clean = result
    assert time is result.time and series is result.series and clean is result.clean
    assert series.shape == (400,)
