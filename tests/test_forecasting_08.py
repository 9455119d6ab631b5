"""Tests of notebook 08's additions: SeasonalDummies, seasonal_difference, TrendSeasonal."""

import numpy as np
import pytest

import datasets
import forecasting as fc


def test_seasonal_dummies_recovers_an_exact_trend_plus_step_pattern():
    time = np.arange(3 * 20, dtype=float)
    levels = np.array([5.0, -2.0, 7.0, 1.0])
    pattern = levels[(time % 20 * 4 / 20).astype(int)]  # period 20, bins of 5 steps
    values = 0.3 * time + pattern
    model = fc.SeasonalDummies(period=20, n_bins=4).fit(time[:40], values[:40])
    assert model.slope == pytest.approx(0.3)
    np.testing.assert_allclose(model.levels, levels, atol=1e-9)
    np.testing.assert_allclose(model.predict(time[40:]), values[40:], atol=1e-4)
    assert model.predict(time[40:]).shape == (20,)
    assert model.predict(time[40:]).dtype == np.float32


def test_seasonal_dummies_bins_and_the_notebook_figure():
    model = fc.SeasonalDummies()  # 52 weekly bins of a 365-day year
    np.testing.assert_array_equal(model.bins([0, 6, 7, 8, 364, 365, 372]), [0, 0, 0, 1, 51, 0, 0])
    time, series, _ = datasets.trend_seasonal_series()
    model.fit(time[:1000], series[:1000])
    # The figure the review measured (trend + 52 weekly dummies fitted on t < 1000): 4.34.
    assert fc.mae(model.predict(time[1000:]), series[1000:]) == pytest.approx(4.336, abs=0.001)


def test_seasonal_dummies_errors():
    with pytest.raises(ValueError, match="n_bins"):
        fc.SeasonalDummies(period=10, n_bins=11)
    with pytest.raises(ValueError, match="period"):
        fc.SeasonalDummies(period=0)
    with pytest.raises(ValueError, match="before fit"):
        fc.SeasonalDummies().predict(np.arange(3))
    with pytest.raises(ValueError, match="full period"):
        fc.SeasonalDummies(period=20, n_bins=4).fit(np.arange(10), np.zeros(10))
    with pytest.raises(ValueError, match="shape of time"):
        fc.SeasonalDummies(period=20, n_bins=4).fit(np.arange(40), np.zeros((40, 1)))
    with pytest.raises(ValueError, match="1-D"):
        fc.SeasonalDummies().bins(np.zeros((3, 1)))


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


def test_labels_of_the_seasonal_baselines():
    assert fc.LABELS["seasonal_dummies"] == "trend + seasonal dummies (least squares)"
    assert fc.LABELS["seasonal_difference"] == "seasonal differencing (course week 1)"


def test_trend_seasonal_is_a_named_tuple():
    result = datasets.trend_seasonal_series(n=400)
    assert isinstance(result, tuple) and result._fields == ("time", "series", "clean")
    time, series, clean = result
    assert time is result.time and series is result.series and clean is result.clean
    assert series.shape == (400,)
