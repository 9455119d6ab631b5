"""Tests of datasets.py: shapes, dtypes, determinism, alignment, chronology and error messages."""

import shutil

import numpy as np
import pandas as pd
import pytest

import datasets

SEQUENCE_MAKERS = [
    (datasets.sines, 10, 2),
    (datasets.superposed_sines, 15, 1),
    (datasets.noisy_superposed_sines, 30, 1),
]


# --------------------------------------------------------------------------- exercises 1-3


@pytest.mark.parametrize(("make", "default_length", "features"), SEQUENCE_MAKERS)
def test_sequence_shapes_and_dtype(make, default_length, features):
    past, future = make(7, seed=0)
    assert past.shape == (7, default_length, features)
    assert future.shape == (7, default_length, features)
    assert past.dtype == future.dtype == np.float32
    past, future = make(3, seq_length=5, seed=0)
    assert past.shape == future.shape == (3, 5, features)


@pytest.mark.parametrize(("make", "default_length", "features"), SEQUENCE_MAKERS)
def test_sequences_deterministic_for_a_seed_and_vary_across_seeds(make, default_length, features):
    a_past, a_future = make(64, seed=123)
    b_past, b_future = make(64, seed=123)
    c_past, _ = make(64, seed=124)
    np.testing.assert_array_equal(a_past, b_past)
    np.testing.assert_array_equal(a_future, b_future)
    assert not np.allclose(a_past, c_past)
    assert np.isfinite(a_past).all() and np.isfinite(a_future).all()


@pytest.mark.parametrize("make", [m for m, _, _ in SEQUENCE_MAKERS])
@pytest.mark.parametrize("bad", [0, -3, 2.5, "8", None, True])
def test_sequence_makers_reject_bad_sizes(make, bad):
    with pytest.raises(ValueError, match="batch_size"):
        make(bad, seed=0)
    with pytest.raises(ValueError, match="seq_length"):
        make(4, seq_length=bad, seed=0)


def test_seed_must_be_int_or_none():
    with pytest.raises(ValueError, match="seed"):
        datasets.sines(4, seed=1.5)
    datasets.sines(4, seed=None)  # fresh entropy is allowed


def test_sines_are_tied_sin_and_cos_over_three_pi():
    past, future = datasets.sines(50, seed=1)
    signal = np.concatenate([past, future], axis=1).astype(np.float64)
    assert np.abs(signal).max() <= 1.0 + 1e-6
    np.testing.assert_allclose(signal[..., 0] ** 2 + signal[..., 1] ** 2, 1.0, atol=1e-5)
    # The phase advances by 3*pi over 2*seq_length points (linspace includes both ends).
    angle = np.unwrap(np.arctan2(signal[..., 0], signal[..., 1]), axis=1)
    np.testing.assert_allclose(angle[:, -1] - angle[:, 0], 3 * np.pi, atol=1e-4)
    # The future continues the past: the step across the boundary is an ordinary step.
    step = 3 * np.pi / 19
    np.testing.assert_allclose(angle[:, 10] - angle[:, 9], step, atol=1e-4)


def test_superposed_sines_value_range_and_amplitude():
    past, future = datasets.superposed_sines(5000, seed=2)
    signal = np.concatenate([past, future], axis=1)
    assert np.abs(signal).max() <= 1.1 + 1.2 + 1e-5
    # Predicting zero scores about 0.46 (mean power of the two waves).
    assert 0.40 < float(np.mean(future**2)) < 0.52


def test_superposed_sines_obey_an_order_four_recurrence():
    """A sum of two sinusoids: every window obeys a linear recurrence of order 4 exactly."""
    past, future = datasets.superposed_sines(20, seq_length=15, seed=3)
    x = np.concatenate([past, future], axis=1)[..., 0].astype(np.float64)
    for row in x:
        lagged = np.stack([row[3 - j : 3 - j + 26] for j in range(4)], axis=1)
        coef, *_ = np.linalg.lstsq(lagged, row[4:], rcond=None)
        assert np.max(np.abs(lagged @ coef - row[4:])) < 1e-3


def test_noisy_superposed_sines_noise_only_on_the_past_and_normalised_by_past():
    batch = 4000
    noisy_past, clean_future = datasets.noisy_superposed_sines(batch, seed=4)
    # Normalised with the statistics of the noisy past: mean 0 and std 1/2.5 there.
    assert abs(float(noisy_past.mean())) < 1e-4
    assert float(noisy_past.std()) == pytest.approx(0.4, rel=1e-3)
    # The future is clean: it obeys the order-4 recurrence exactly, the noisy past does not.

    def worst_residual(x):
        x = x[..., 0].astype(np.float64)
        lagged = np.stack([x[:, 3 - j : 3 - j + x.shape[1] - 4] for j in range(4)], axis=-1)
        worst = 0.0
        for rows, target in zip(lagged[:50], x[:50, 4:], strict=True):
            coef, *_ = np.linalg.lstsq(rows, target, rcond=None)
            worst = max(worst, float(np.max(np.abs(rows @ coef - target))))
        return worst

    assert worst_residual(clean_future) < 0.01  # float32 rounding only
    assert worst_residual(noisy_past) > 0.1


def test_noisy_future_is_the_clean_continuation():
    """Same seed: the clean future is superposed_sines' future, rescaled by the past's stats."""
    _, clean = datasets.superposed_sines(300, seq_length=30, seed=5)
    _, future = datasets.noisy_superposed_sines(300, seq_length=30, seed=5)
    slope, intercept = np.polyfit(clean.ravel(), future.ravel(), 1)
    np.testing.assert_allclose(clean.ravel() * slope + intercept, future.ravel(), atol=1e-5)
    assert slope > 0


def test_noisy_superposed_sines_with_training_stats_uses_no_statistic_of_its_own_windows():
    """Validation and test windows normalised with the training draw's (mean, scale)."""
    stats = datasets.noisy_superposed_sines_stats(4000, seq_length=30, seed=1)
    # The training draw itself: its own statistics, passed or not, give the same arrays.
    own = datasets.noisy_superposed_sines(4000, seq_length=30, seed=1)
    passed = datasets.noisy_superposed_sines(4000, seq_length=30, seed=1, stats=stats)
    for a, b in zip(own, passed, strict=True):
        np.testing.assert_array_equal(a, b)
    # A test draw: exactly the raw clean future mapped with the training (mean, scale) ...
    mean, scale = stats
    _, raw_future = datasets.superposed_sines(300, seq_length=30, seed=5)
    past, future = datasets.noisy_superposed_sines(300, seq_length=30, seed=5, stats=stats)
    np.testing.assert_allclose(future, (raw_future - mean) / scale, atol=1e-6)
    # ... and not with its own statistics (the default, which a test set must not use).
    _, own_future = datasets.noisy_superposed_sines(300, seq_length=30, seed=5)
    assert np.abs(own_future - future).max() > 1e-3
    # The statistics do not depend on the windows normalised with them.
    other_stats = datasets.noisy_superposed_sines(300, seq_length=30, seed=5, stats=(0.5, 2.0))
    np.testing.assert_allclose(other_stats[1], (raw_future - 0.5) / 2.0, atol=1e-6)


@pytest.mark.parametrize("stats", [(0.0, 0.0), (0.0, -1.0), (float("nan"), 1.0), (0.0,)])
def test_noisy_superposed_sines_rejects_bad_stats(stats):
    with pytest.raises(ValueError, match="stats"):
        datasets.noisy_superposed_sines(10, seq_length=30, seed=0, stats=stats)


# --------------------------------------------------------------------------- Bitcoin


def test_load_bitcoin_columns_range_and_no_gaps():
    prices = datasets.load_bitcoin()
    assert list(prices.columns) == ["usd", "eur", "volume", "usd_per_eur"]
    assert isinstance(prices.index, pd.DatetimeIndex)
    assert prices.index[0] == pd.Timestamp("2013-04-28")
    assert prices.index[-1] == pd.Timestamp("2022-01-01")
    assert len(prices) == 3171
    assert (prices.index.to_series().diff().dropna() == pd.Timedelta(days=1)).all()
    assert not prices.isna().any().any()
    assert (prices[["usd", "eur"]] > 0).all().all()
    np.testing.assert_allclose(prices["eur"] * prices["usd_per_eur"], prices["usd"], rtol=1e-12)


def test_load_bitcoin_forward_fills_the_ecb_rate_over_weekends():
    prices = datasets.load_bitcoin()
    # 2021-12-25/26 is a weekend (and holiday): the rate is Friday 2021-12-24's.
    friday = prices.loc["2021-12-24", "usd_per_eur"]
    assert prices.loc["2021-12-25", "usd_per_eur"] == friday
    assert prices.loc["2021-12-26", "usd_per_eur"] == friday
    assert prices.loc["2013-12-27", "volume"] == 0.0 and prices.loc["2013-12-28", "volume"] > 0


def _copy_data(tmp_path):
    for name in (datasets.BTC_FILE, datasets.EUR_FILE):
        shutil.copy(datasets.DATA_DIR / name, tmp_path / name)
    return tmp_path


def _set_field(text: str, date: str, column: int, value: str) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith(date):
            fields = line.split(",")
            fields[column] = value
            lines[i] = ",".join(fields)
    return "\n".join(lines)


def test_load_bitcoin_missing_file(tmp_path):
    folder = _copy_data(tmp_path)
    (folder / datasets.BTC_FILE).unlink()
    with pytest.raises(FileNotFoundError, match="btc_usd_daily.csv"):
        datasets.load_bitcoin(folder)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda text: text.replace("close", "closing", 1), "missing \\['close'\\]"),
        (lambda text: text.replace("2020-03-13,", "13/03/2020,", 1), "YYYY-MM-DD"),
        (lambda text: _set_field(text, "2020-03-13", 4, "n/a"), "column 'close' must be numeric"),
        (lambda text: text.replace("\n2020-03-13,", "\n2020-03-12,", 1), "increasing"),
        (
            lambda text: "\n".join(
                line for line in text.split("\n") if not line.startswith("2020-03-13")
            ),
            "days are missing",
        ),
        (lambda text: "\x00\x01garbage", "corrupt|not a readable CSV"),
    ],
)
def test_load_bitcoin_corrupt_file(tmp_path, edit, message):
    folder = _copy_data(tmp_path)
    path = folder / datasets.BTC_FILE
    path.write_text(edit(path.read_text()))
    with pytest.raises(ValueError, match=message):
        datasets.load_bitcoin(folder)


def test_load_bitcoin_corrupt_rate_file(tmp_path):
    folder = _copy_data(tmp_path)
    path = folder / datasets.EUR_FILE
    path.write_text(path.read_text().replace("usd_per_eur", "rate"))
    with pytest.raises(ValueError, match="usd_per_eur"):
        datasets.load_bitcoin(folder)


def test_bitcoin_windows_shapes_and_leakage_free_chronological_split():
    windows = datasets.bitcoin_windows()
    n_train, n_test = len(windows.train_past), len(windows.test_past)
    assert windows.train_past.shape == (n_train, 40, 2)
    assert windows.train_future.shape == (n_train, 40, 2)
    assert windows.test_past.shape == (n_test, 40, 2)
    assert windows.test_future.shape == (n_test, 40, 2)
    assert windows.train_dates.shape == (n_train, 80) and windows.test_dates.shape == (n_test, 80)
    assert windows.train_past.dtype == np.float32
    # 3171 days, the last 20 % (634 days) for test: every window lies wholly on one side.
    assert n_train == 3171 - 634 - 79 and n_test == 634 - 79
    assert windows.train_dates.max() < windows.split_date <= windows.test_dates.min()
    assert not set(windows.train_dates.ravel()) & set(windows.test_dates.ravel())
    # Days are consecutive within a window, and windows are in chronological order.
    assert (np.diff(windows.train_dates, axis=1) == np.timedelta64(1, "D")).all()
    assert (np.diff(windows.test_dates[:, 0]) > np.timedelta64(0, "D")).all()


def test_bitcoin_windows_scaling_uses_each_windows_past_and_inverts_exactly():
    prices = datasets.load_bitcoin()
    windows = datasets.bitcoin_windows()
    # Scaled past: mean 0 and std 1/2.5 per window and channel (its own statistics).
    np.testing.assert_allclose(windows.test_past.mean(axis=1), 0.0, atol=1e-4)
    np.testing.assert_allclose(windows.test_past.std(axis=1), 0.4, rtol=1e-3)
    # to_prices recovers the true USD/EUR closes of the future days.
    for split in ("train", "test"):
        future = getattr(windows, f"{split}_future")
        dates = getattr(windows, f"{split}_dates")[:, 40:]
        recovered = windows.to_prices(future, split=split)
        expected = prices[["usd", "eur"]].to_numpy()[
            np.searchsorted(prices.index.to_numpy(), dates)
        ]
        np.testing.assert_allclose(recovered, expected, rtol=1e-4)


def test_bitcoin_windows_extra_features_and_start():
    windows = datasets.bitcoin_windows(
        seq_length=20,
        features=("usd", "eur", "log_volume", "weekday_sin", "year_cos"),
        start="2014-01-01",
    )
    assert windows.train_past.shape[1:] == (20, 5)
    assert windows.train_future.shape[1:] == (20, 2)
    assert windows.train_dates.min() >= np.datetime64("2014-01-01")
    assert np.isfinite(windows.train_past).all()
    weekday = windows.train_past[:, :, 3]
    assert weekday.min() >= -1 - 1e-6 and weekday.max() <= 1 + 1e-6


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seq_length": 0}, "seq_length"),
        ({"seq_length": 1000}, "no complete"),
        ({"test_fraction": 0}, "test_fraction"),
        ({"test_fraction": 1.2}, "test_fraction"),
        ({"features": ("usd", "eur", "price")}, "unknown Bitcoin feature"),
        ({"features": ("eur", "usd")}, "start with"),
    ],
)
def test_bitcoin_windows_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        datasets.bitcoin_windows(**kwargs)


def test_to_prices_checks_shape():
    windows = datasets.bitcoin_windows()
    with pytest.raises(ValueError, match="shape"):
        windows.to_prices(windows.test_future[:10])
    with pytest.raises(ValueError, match="split"):
        windows.to_prices(windows.test_future, split="validation")
    with pytest.raises(ValueError, match="shape"):
        windows.to_prices(windows.train_future[:5], split="train", index=np.arange(6))
    with pytest.raises(ValueError, match="out of range"):
        windows.to_prices(windows.test_future[:2], index=np.array([0, len(windows.test_past)]))
    with pytest.raises(ValueError, match="integer"):
        windows.to_prices(windows.test_future[:2], index=np.array([0.0, 1.0]))


def test_to_prices_of_a_subset_of_windows():
    windows = datasets.bitcoin_windows()
    fold = np.arange(100, 350)
    np.testing.assert_array_equal(
        windows.to_prices(windows.train_future[fold], split="train", index=fold),
        windows.to_prices(windows.train_future, split="train")[fold],
    )


# --------------------------------------------------------------------------- make_windows


def test_make_windows_exact_alignment_on_a_ramp():
    ramp = np.arange(20)
    X, Y = datasets.make_windows(ramp, window=5, horizon=2)
    assert X.shape == (14, 5, 1) and Y.shape == (14, 2, 1)
    assert X.dtype == Y.dtype == np.float32
    for i in range(14):
        np.testing.assert_array_equal(X[i, :, 0], np.arange(i, i + 5))
        np.testing.assert_array_equal(Y[i, :, 0], np.arange(i + 5, i + 7))
    # The target starts right after the window: never inside it (the course exercise's bug).
    assert (Y[:, 0, 0] == X[:, -1, 0] + 1).all()


def test_make_windows_multivariate_and_full_length():
    series = np.stack([np.arange(10), -np.arange(10)], axis=1)
    X, Y = datasets.make_windows(series, window=9)
    assert X.shape == (1, 9, 2) and Y.shape == (1, 1, 2)
    np.testing.assert_array_equal(Y[0, 0], [9, -9])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((np.arange(10), 10), "must not exceed"),
        ((np.arange(10), 8, 3), "must not exceed"),
        ((np.arange(10), 0), "window"),
        ((np.arange(10), 3, 0), "horizon"),
        ((np.arange(10), 2.5), "window"),
        ((np.zeros((2, 3, 4)), 1), "shape"),
    ],
)
def test_make_windows_errors(args, message):
    with pytest.raises(ValueError, match=message):
        datasets.make_windows(*args)


# --------------------------------------------------------------------------- notebooks 05-08


@pytest.mark.parametrize(
    ("name", "formula"),
    [
        ("sin", np.sin),
        ("sin_cos", lambda x: np.sin(x) + np.cos(x)),
        ("x_sin", lambda x: x * np.sin(x)),
    ],
)
def test_regression_series(name, formula):
    x, y = datasets.regression_series(name)
    assert x.shape == y.shape == (10000,)
    assert x.dtype == y.dtype == np.float32
    assert x[0] == 0 and x[-1] == 100
    np.testing.assert_allclose(y, formula(np.linspace(0, 100, 10000)), atol=1e-4)


def test_regression_series_two_outputs():
    # The post's sin/cos task: two features side by side, not their sum.
    x, y = datasets.regression_series("sin_cos", two_outputs=True)
    assert x.shape == (10000,) and y.shape == (10000, 2) and y.dtype == np.float32
    grid = np.linspace(0, 100, 10000)
    np.testing.assert_allclose(y[:, 0], np.sin(grid), atol=1e-6)
    np.testing.assert_allclose(y[:, 1], np.cos(grid), atol=1e-6)
    _, summed = datasets.regression_series("sin_cos")
    np.testing.assert_allclose(y.sum(axis=1), summed, atol=1e-6)


def test_regression_series_errors():
    with pytest.raises(ValueError, match="unknown series name 'cos'"):
        datasets.regression_series("cos")
    with pytest.raises(ValueError, match="n must be"):
        datasets.regression_series("sin", n=1)
    with pytest.raises(ValueError, match="only defined for 'sin_cos'"):
        datasets.regression_series("sin", two_outputs=True)
    with pytest.raises(ValueError, match="two_outputs must be True or False"):
        datasets.regression_series("sin_cos", two_outputs=1)


def test_sentiment_sentences():
    # The course's lists (source 3): 58 training and 21 test sentences, in its order.
    train, test = datasets.sentiment_sentences()
    assert len(train) == 58 and len(test) == 21
    assert sum(label for _, label in test) == 11
    assert train[0] == ("good", True) and train[-1] == (
        "this was not happy and not good earlier",
        False,
    )
    assert test[0] == ("this is happy", True)
    assert test[-2] == ("i was not happy and not good earlier", False)
    assert test[-1] == ("earlier i was good and not bad", True)
    # Vocabulary and longest sentence from the training sentences only, as the course did.
    train_words = {word for sentence, _ in train for word in sentence.split()}
    assert len(train_words) == 18
    assert max(len(sentence.split()) for sentence, _ in train) == 10
    assert max(len(sentence.split()) for sentence, _ in test) <= 10
    assert {word for sentence, _ in test for word in sentence.split()} <= train_words
    assert all(isinstance(label, bool) for _, label in train + test)
    assert ("not bad", True) in train and ("i am not at all sad", True) in test
    assert ("this is bad not good", False) in test
    assert len({s for s, _ in train}) == 58 and not {s for s, _ in train} & {s for s, _ in test}
    # "earlier" first: no training sentence starts that way.
    assert not any(sentence.startswith("earlier") for sentence, _ in train)


def test_two_timescale_signal():
    signal = datasets.two_timescale_signal(10000)
    assert signal.shape == (10000,) and signal.dtype == np.float32
    t = np.arange(10000)
    np.testing.assert_allclose(signal, 0.8 * np.sin(t / 700) + 0.15 * np.sin(t / 40), atol=1e-6)
    # Analytic: a longer series extends the shorter one exactly.
    np.testing.assert_array_equal(datasets.two_timescale_signal(11000)[:10000], signal)
    with pytest.raises(ValueError, match="n must be"):
        datasets.two_timescale_signal(0)


def test_two_timescale_signal_start_and_fast_phase():
    t = np.arange(9000, 9100)
    shifted = datasets.two_timescale_signal(100, start=9000, fast_phase=np.pi / 2)
    expected = 0.8 * np.sin(t / 700) + 0.15 * np.sin(t / 40 + np.pi / 2)
    np.testing.assert_allclose(shifted, expected, atol=1e-6)
    # start only moves the time axis: it continues the course's signal exactly.
    np.testing.assert_array_equal(
        datasets.two_timescale_signal(100, start=9000), datasets.two_timescale_signal(9100)[9000:]
    )
    for bad in (-1, 2.5, True):
        with pytest.raises(ValueError, match="start must be"):
            datasets.two_timescale_signal(10, start=bad)
    for bad in (float("nan"), float("inf"), "pi", None):
        with pytest.raises(ValueError, match="fast_phase must be"):
            datasets.two_timescale_signal(10, fast_phase=bad)


def test_trend_seasonal_series_constants():
    time, series, clean = datasets.trend_seasonal_series()
    assert time.shape == series.shape == clean.shape == (1461,)
    assert series.dtype == np.float32
    noise = series - clean
    assert 4.5 <= float(noise.std()) <= 5.5
    assert abs(float(noise.mean())) < 0.5
    # baseline 10 + slope 0.05 * t + amplitude 40 * cos(0) at the start of each period
    assert clean[0] == pytest.approx(50.0)
    assert clean[365] == pytest.approx(10 + 0.05 * 365 + 40)
    season = (time % 365) / 365
    late = season >= 0.4
    np.testing.assert_allclose(
        clean[late], 10 + 0.05 * time[late] + 40 * np.exp(-3 * season[late]), rtol=1e-5
    )


def test_trend_seasonal_series_matches_the_course_numbers():
    """Seed 42 as in the course: last-value MAE 5.94, noise-free MAE 4.007 on the validation."""
    _, series, clean = datasets.trend_seasonal_series()
    valid = series[1000:]
    assert valid.shape == (461,)
    naive = np.abs(valid - series[999:-1]).mean()
    oracle = np.abs(valid - clean[1000:]).mean()
    assert naive == pytest.approx(5.94, abs=0.01)
    assert oracle == pytest.approx(4.007, abs=0.001)


def test_trend_seasonal_series_seed_and_errors():
    a = datasets.trend_seasonal_series(seed=1).series
    b = datasets.trend_seasonal_series(seed=1).series
    c = datasets.trend_seasonal_series(seed=2).series
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)
    np.testing.assert_array_equal(
        datasets.trend_seasonal_series(noise_level=0).series, datasets.trend_seasonal_series().clean
    )
    with pytest.raises(ValueError, match="n must be"):
        datasets.trend_seasonal_series(n=0)
    with pytest.raises(ValueError, match="noise_level"):
        datasets.trend_seasonal_series(noise_level=-1)


def test_trend_seasonal_is_a_named_tuple():
    result = datasets.trend_seasonal_series(n=400)
    assert isinstance(result, tuple) and result._fields == ("time", "series", "clean")
    time, series, clean = result
    assert time is result.time and series is result.series and clean is result.clean
    assert series.shape == (400,)
