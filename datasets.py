"""Data for the notebooks of the series: one module, pure numpy/pandas.

Every function returns numpy arrays (or a pandas DataFrame for the raw Bitcoin prices).
Sequence arrays are batch-first and float32: ``(batch, time, features)``.
Every random function takes ``seed`` (an int, or None for fresh entropy) and is
deterministic for a given seed. Nothing here plots, trains or touches the network.

Which notebook uses what:

=========================  ==============================================================
function                   exercise
=========================  ==============================================================
``sines``                  01: two tied signals (sin and cos), seq2seq tutorial ex. 1
``superposed_sines``       02: sum of two random waves, seq2seq tutorial ex. 2
``noisy_superposed_sines`` 03: denoising (noisy past, clean future), seq2seq tutorial ex. 3
                           (``noisy_superposed_sines_stats``: the training draw's statistics)
``load_bitcoin``           04: daily BTC/USD and BTC/EUR closes, seq2seq tutorial ex. 4
``bitcoin_windows``        04: leakage-free chronological windows of the above
``make_windows``           05, 07, 08: sliding (past window -> next values) pairs
``regression_series``      05: sin, sin & cos and x*sin(x) of the 2016 LSTM-regression post
``sentiment_sentences``    06: the course's tiny sentiment data set
``two_timescale_signal``   07: the course's autoregressive-forecasting signal
``trend_seasonal_series``  08: the forecasting course's trend + seasonality + noise series
``mackey_glass``           09: the Mackey–Glass delay equation (chaotic for tau = 17)
``lorenz``                 09: the Lorenz system (``lorenz_derivative``; both use ``rk4_step``)
=========================  ==============================================================
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

__all__ = [
    "DATA_DIR",
    "BitcoinWindows",
    "TrendSeasonal",
    "bitcoin_windows",
    "load_bitcoin",
    "lorenz",
    "lorenz_derivative",
    "mackey_glass",
    "make_windows",
    "noisy_superposed_sines",
    "noisy_superposed_sines_stats",
    "regression_series",
    "rk4_step",
    "sentiment_sentences",
    "sines",
    "superposed_sines",
    "trend_seasonal_series",
    "two_timescale_signal",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
BTC_FILE = "btc_usd_daily.csv"
EUR_FILE = "eur_usd_ecb_daily.csv"


# --------------------------------------------------------------------------- validation


def _check_int(name: str, value, minimum: int = 1) -> int:
    """Return ``value`` as an int, or raise a ValueError naming the argument."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _rng(seed) -> np.random.Generator:
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, numbers.Integral)):
        raise ValueError(f"seed must be an int or None, got {seed!r}")
    return np.random.default_rng(seed)


# --------------------------------------------------------------------------- exercises 1-3


def sines(
    batch_size: int, seq_length: int = 10, seed: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Exercise 1: two tied signals, sin and cos of the same random phase.

    Each example spans the phases ``phase .. phase + 3*pi`` over ``2 * seq_length``
    evenly spaced points; the first half is the past, the second half the future.

    Returns ``(past, future)``, each float32 of shape ``(batch_size, seq_length, 2)``;
    feature 0 is the sine, feature 1 the cosine.
    """
    batch_size = _check_int("batch_size", batch_size)
    seq_length = _check_int("seq_length", seq_length)
    rng = _rng(seed)
    phase = rng.uniform(0.0, 2 * math.pi, size=(batch_size, 1))
    angle = phase + np.linspace(0.0, 3 * math.pi, 2 * seq_length)[None, :]
    signal = np.stack([np.sin(angle), np.cos(angle)], axis=-1).astype(np.float32)
    return signal[:, :seq_length], signal[:, seq_length:]


def _superposed(batch_size: int, seq_length: int, rng: np.random.Generator) -> np.ndarray:
    """Sum of a sine and a cosine with random amplitude, frequency and phase.

    The ranges are the original tutorial's. Returns float64 ``(batch, 2*seq_length)``.
    """
    steps = np.linspace(0.0, 1.0, 2 * seq_length)[None, :]
    span = seq_length / 15.0 * 3 * math.pi  # phase advance per unit frequency over past+future
    total = np.zeros((batch_size, 2 * seq_length))
    for wave, amplitude_range in ((np.sin, (0.1, 1.1)), (np.cos, (0.0, 1.2))):
        phase = rng.uniform(0.0, 2 * math.pi, size=(batch_size, 1))
        frequency = (rng.uniform(0.0, 1.0, size=(batch_size, 1)) - 0.5) / 1.5 * 15 + 0.5
        amplitude = rng.uniform(*amplitude_range, size=(batch_size, 1))
        total += amplitude * wave(phase + steps * span * frequency)
    return total


def superposed_sines(
    batch_size: int, seq_length: int = 15, seed: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Exercise 2: a sine plus a cosine with random amplitudes, frequencies and phases.

    As in the original tutorial: amplitudes ``U(0.1, 1.1)`` (sine) and ``U(0, 1.2)``
    (cosine), frequency ``(U(0,1) - 0.5) / 1.5 * 15 + 0.5`` (so between -4.5 and 5.5),
    phase ``U(0, 2*pi)``; each wave spans phases ``phase .. phase + (seq_length/15) * freq * 3*pi``
    over the ``2 * seq_length`` points of past + future.

    Returns ``(past, future)``, each float32 of shape ``(batch_size, seq_length, 1)``.
    """
    batch_size = _check_int("batch_size", batch_size)
    seq_length = _check_int("seq_length", seq_length)
    signal = _superposed(batch_size, seq_length, _rng(seed))[..., None].astype(np.float32)
    return signal[:, :seq_length], signal[:, seq_length:]


def _noisy_raw(batch_size: int, seq_length: int, seed) -> tuple[np.ndarray, np.ndarray]:
    """The un-normalised ``(noisy_past, clean_future)`` of ``noisy_superposed_sines``: float64
    ``(batch, seq_length)`` each."""
    batch_size = _check_int("batch_size", batch_size)
    seq_length = _check_int("seq_length", seq_length)
    rng = _rng(seed)
    signal = _superposed(batch_size, seq_length, rng)
    past, future = signal[:, :seq_length], signal[:, seq_length:]
    noise_std = rng.uniform(0.10, 0.25, size=(batch_size, 1))
    return past + noise_std * rng.standard_normal(past.shape), future


def noisy_superposed_sines_stats(
    batch_size: int, seq_length: int = 30, seed: int | None = None
) -> tuple[float, float]:
    """The normalisation statistics of a ``noisy_superposed_sines`` draw: ``(mean, scale)``.

    ``mean`` and ``scale = 2.5 * (std + 1e-4)`` of the noisy past of the whole draw (the same
    arguments draw the same windows), so that ``normalised = (value - mean) / scale``. Compute
    them for the *training* draw and pass them as ``stats=`` to the validation and test draws.
    """
    noisy_past, _ = _noisy_raw(batch_size, seq_length, seed)
    return float(noisy_past.mean()), float(2.5 * (noisy_past.std() + 1e-4))


def noisy_superposed_sines(
    batch_size: int,
    seq_length: int = 30,
    seed: int | None = None,
    stats: tuple[float, float] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Exercise 3 (denoising): a noisy past and the clean future of ``superposed_sines``.

    Each example gets Gaussian noise with its own standard deviation drawn from
    ``U(0.10, 0.25)``, added to the past only. Both arrays are then normalised,
    ``(value - mean) / scale`` with ``scale = 2.5 * (std + 1e-4)``. With ``stats=None`` the
    ``mean`` and ``std`` are those of the *noisy past of this batch*: right for a training
    draw (the future never enters the statistics). For validation and test windows pass the
    training draw's ``stats=(mean, scale)`` from ``noisy_superposed_sines_stats``, so that no
    statistic comes from the windows being scored. The batch statistics are stable only for a
    large batch (hundreds of windows).

    Returns ``(noisy_past, clean_future)``, each float32 of shape ``(batch_size, seq_length, 1)``.
    """
    noisy_past, future = _noisy_raw(batch_size, seq_length, seed)
    if stats is None:
        mean, scale = float(noisy_past.mean()), float(2.5 * (noisy_past.std() + 1e-4))
    else:
        if len(stats) != 2:
            raise ValueError(f"stats must be (mean, scale), got {stats!r}")
        mean, scale = (float(v) for v in stats)
        if not (math.isfinite(mean) and math.isfinite(scale) and scale > 0):
            raise ValueError(f"stats must be a finite mean and a scale > 0, got {stats!r}")
    noisy_past = (noisy_past - mean) / scale
    future = (future - mean) / scale
    return noisy_past[..., None].astype(np.float32), future[..., None].astype(np.float32)


# --------------------------------------------------------------------------- exercise 4: Bitcoin


def _read_csv(path: Path, columns: Sequence[str]) -> pd.DataFrame:
    """Read a dated CSV, checking that it exists and has the expected, clean columns."""
    if not path.is_file():
        raise FileNotFoundError(
            f"data file {path} is missing: it ships with the repository in data/ "
            "(restore it with `git checkout -- data/`)"
        )
    try:
        frame = pd.read_csv(path)
    except Exception as exc:  # pandas raises several parser error types
        raise ValueError(f"{path} is not a readable CSV file: {exc}") from exc
    missing = [c for c in ("date", *columns) if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{path} is corrupt: expected columns {['date', *columns]}, "
            f"missing {missing} (found {list(frame.columns)})"
        )
    try:
        frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d")
    except (ValueError, TypeError) as exc:
        raise ValueError(
            f"{path} is corrupt: column 'date' must hold YYYY-MM-DD dates ({exc})"
        ) from exc
    for column in columns:
        values = pd.to_numeric(frame[column], errors="coerce")
        if values.isna().any():
            row = int(np.flatnonzero(values.isna().to_numpy())[0])
            raise ValueError(
                f"{path} is corrupt: column {column!r} must be numeric with no gaps, "
                f"bad value {frame[column].iloc[row]!r} on data row {row + 1}"
            )
        frame[column] = values.astype(np.float64)
    if not frame["date"].is_monotonic_increasing or frame["date"].duplicated().any():
        raise ValueError(f"{path} is corrupt: dates must be strictly increasing")
    return frame.set_index("date")


def load_bitcoin(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Exercise 4: daily Bitcoin closing prices in USD and EUR, 2013-04-28 to 2022-01-01.

    Reads ``data/btc_usd_daily.csv`` (CoinMarketCap daily OHLC, see ``data/README.md``)
    and ``data/eur_usd_ecb_daily.csv`` (the ECB euro reference rate). The ECB publishes
    on business days only, so the rate is forward-filled to calendar days before
    ``eur = usd / usd_per_eur``.

    Returns a DataFrame indexed by calendar date (``DatetimeIndex`` named ``date``, no gaps)
    with float64 columns ``usd``, ``eur`` (closes), ``volume`` (USD; 0 until 2013-12-27,
    when it was not recorded) and ``usd_per_eur``.
    Raises FileNotFoundError for a missing file, ValueError for a corrupt one.
    """
    folder = DATA_DIR if data_dir is None else Path(data_dir)
    btc = _read_csv(folder / BTC_FILE, ["close", "volume"])
    rate = _read_csv(folder / EUR_FILE, ["usd_per_eur"])["usd_per_eur"]
    expected_days = pd.date_range(btc.index[0], btc.index[-1], freq="D")
    if len(btc) != len(expected_days):
        raise ValueError(
            f"{folder / BTC_FILE} is corrupt: expected one row per calendar day, "
            f"{len(expected_days) - len(btc)} days are missing"
        )
    if (btc["close"] <= 0).any() or (rate <= 0).any():
        raise ValueError("Bitcoin closes and exchange rates must be positive")
    if rate.index[0] > btc.index[0]:
        raise ValueError(
            f"{folder / EUR_FILE} starts after the Bitcoin prices: "
            f"expected a rate on or before {btc.index[0].date()}"
        )
    daily_rate = rate.reindex(rate.index.union(expected_days)).ffill().reindex(expected_days)
    frame = pd.DataFrame(
        {
            "usd": btc["close"],
            "eur": btc["close"] / daily_rate,
            "volume": btc["volume"],
            "usd_per_eur": daily_rate,
        },
        index=expected_days,
    )
    frame.index.name = "date"
    return frame


BITCOIN_FEATURES = (
    "usd",
    "eur",
    "log_volume",
    "weekday_sin",
    "weekday_cos",
    "year_sin",
    "year_cos",
)


@dataclass(frozen=True)
class BitcoinWindows:
    """Chronological, leakage-free Bitcoin windows (see :func:`bitcoin_windows`).

    Arrays are float32 and batch-first. ``*_past`` has shape ``(n, seq_length, n_inputs)``
    (``features`` in order, the first two always ``usd`` and ``eur``); ``*_future`` has shape
    ``(n, seq_length, 2)`` (usd, eur). Prices are scaled per window with the statistics
    of that window's own past: ``scaled = (price - mean) / (2.5 * std)`` with ``mean`` and
    ``std`` of shape ``(n, 1, 2)``; ``*_dates`` has shape ``(n, 2 * seq_length)`` (datetime64[D]):
    the days of the past then the future.
    """

    features: tuple[str, ...]
    train_past: np.ndarray
    train_future: np.ndarray
    train_mean: np.ndarray
    train_std: np.ndarray
    train_dates: np.ndarray
    test_past: np.ndarray
    test_future: np.ndarray
    test_mean: np.ndarray
    test_std: np.ndarray
    test_dates: np.ndarray
    split_date: np.datetime64

    def to_prices(self, scaled: np.ndarray, split: str = "test", index=None) -> np.ndarray:
        """Turn scaled values of shape ``(n, time, 2)`` back into USD and EUR prices.

        ``scaled[i]`` belongs to window ``i`` of ``split``; with ``index`` (an integer array of
        ``n`` window numbers, e.g. a validation fold) it belongs to window ``index[i]``.
        """
        if split not in ("train", "test"):
            raise ValueError(f"split must be 'train' or 'test', got {split!r}")
        mean, std = (
            (self.test_mean, self.test_std)
            if split == "test"
            else (self.train_mean, self.train_std)
        )
        if index is not None:
            index = np.asarray(index)
            if index.ndim != 1 or not np.issubdtype(index.dtype, np.integer):
                raise ValueError(f"index must be a 1-D integer array, got {index!r}")
            if len(index) and not -len(mean) <= index.min() <= index.max() < len(mean):
                raise ValueError(f"index out of range for the {len(mean)} {split} windows")
            mean, std = mean[index], std[index]
        scaled = np.asarray(scaled)
        if scaled.ndim != 3 or scaled.shape[0] != mean.shape[0] or scaled.shape[2] != 2:
            raise ValueError(
                f"scaled must have shape ({mean.shape[0]}, time, 2) for the {split} windows, "
                f"got {scaled.shape}"
            )
        return scaled * (2.5 * std) + mean


def _calendar_features(dates: pd.DatetimeIndex) -> dict[str, np.ndarray]:
    weekday = 2 * np.pi * dates.day_of_week.to_numpy() / 7
    year = 2 * np.pi * (dates.day_of_year.to_numpy() - 1) / 365.25
    return {
        "weekday_sin": np.sin(weekday),
        "weekday_cos": np.cos(weekday),
        "year_sin": np.sin(year),
        "year_cos": np.cos(year),
    }


def bitcoin_windows(
    seq_length: int = 40,
    test_fraction: float = 0.2,
    features: Sequence[str] = ("usd", "eur"),
    start: str | None = None,
    data_dir: str | Path | None = None,
) -> BitcoinWindows:
    """Exercise 4: past/future windows of daily BTC prices, split chronologically.

    Every window covers ``2 * seq_length`` consecutive days: ``seq_length`` days of past,
    ``seq_length`` days of future. The last ``test_fraction`` of the days (from
    ``split_date`` on) is the test period. A training window ends *before* ``split_date``
    (past and future) and a test window starts on or after it, so no day of any training
    window appears in any test window. The ``2 * seq_length - 1`` windows that would
    straddle the split are dropped; the original tutorial kept them and so leaked test
    prices into training.

    Inputs: ``features`` names the past's channels, from ``BITCOIN_FEATURES``; it must
    start with ``("usd", "eur")``. ``log_volume`` is ``log1p(volume)`` scaled with the
    window's own past, the calendar features are sin/cos of the day of week and of year.
    Targets are always the future USD and EUR closes. Prices are scaled per window with
    the mean and std of that window's own past, so no statistic comes from the future or
    from another window. ``start`` (e.g. ``"2014-01-01"``) drops earlier days, for instance
    the days before volume was recorded.

    Returns a :class:`BitcoinWindows`; its ``to_prices`` turns scaled predictions back
    into USD and EUR.
    """
    seq_length = _check_int("seq_length", seq_length)
    if not isinstance(test_fraction, numbers.Real) or not 0.0 < float(test_fraction) < 1.0:
        raise ValueError(
            f"test_fraction must be a number strictly between 0 and 1, got {test_fraction!r}"
        )
    features = tuple(features)
    unknown = [f for f in features if f not in BITCOIN_FEATURES]
    if unknown:
        raise ValueError(
            f"unknown Bitcoin feature(s) {unknown}: expected names from {BITCOIN_FEATURES}"
        )
    if features[:2] != ("usd", "eur") or len(set(features)) != len(features):
        raise ValueError(f"features must start with ('usd', 'eur') and not repeat, got {features}")

    prices = load_bitcoin(data_dir)
    if start is not None:
        prices = prices.loc[pd.Timestamp(start) :]
    n_days = len(prices)
    split = n_days - int(round(n_days * float(test_fraction)))
    span = 2 * seq_length
    if split < span or n_days - split < span:
        raise ValueError(
            f"seq_length={seq_length} with test_fraction={test_fraction} leaves no complete "
            f"{span}-day window on one side of the split ({split} train days, "
            f"{n_days - split} test days)"
        )

    columns = {
        "usd": prices["usd"].to_numpy(),
        "eur": prices["eur"].to_numpy(),
        "log_volume": np.log1p(prices["volume"].to_numpy()),
    }
    columns.update(_calendar_features(prices.index))
    series = np.stack([columns[f] for f in features], axis=-1)
    dates = prices.index.to_numpy().astype("datetime64[D]")

    def windows(first: int, last: int):
        starts = np.arange(first, last - span + 1)
        index = starts[:, None] + np.arange(span)[None, :]
        block = series[index]  # (n, span, n_features)
        past, future = block[:, :seq_length].copy(), block[:, seq_length:, :2].copy()
        mean = past[:, :, :2].mean(axis=1, keepdims=True)
        std = past[:, :, :2].std(axis=1, keepdims=True) + 1e-5
        past[:, :, :2] = (past[:, :, :2] - mean) / (2.5 * std)
        future = (future - mean) / (2.5 * std)
        if "log_volume" in features:
            k = features.index("log_volume")
            vol = past[:, :, k]
            past[:, :, k] = (vol - vol.mean(axis=1, keepdims=True)) / (
                vol.std(axis=1, keepdims=True) + 1e-5
            )
        return (
            past.astype(np.float32),
            future.astype(np.float32),
            mean.astype(np.float32),
            std.astype(np.float32),
            dates[index],
        )

    train = windows(0, split)
    test = windows(split, n_days)
    return BitcoinWindows(features, *train, *test, split_date=dates[split])


# --------------------------------------------------------------------------- windows


def make_windows(series, window: int, horizon: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Cut a series into (past window, next values) pairs; for notebooks 05, 07 and 08.

    ``X[i] = series[i : i + window]`` and ``Y[i] = series[i + window : i + window + horizon]``:
    the target starts right *after* the input window. (The course exercise this replaces
    used ``series[i + 1]``, a value already inside the window, as its target.)

    ``series`` has shape ``(time,)`` or ``(time, features)``; a 1-D series gets one feature.
    Returns float32 ``X`` of shape ``(n, window, features)`` and ``Y`` of shape
    ``(n, horizon, features)`` with ``n = time - window - horizon + 1``.
    """
    window = _check_int("window", window)
    horizon = _check_int("horizon", horizon)
    values = np.asarray(series, dtype=np.float32)
    if values.ndim == 1:
        values = values[:, None]
    if values.ndim != 2:
        raise ValueError(f"series must have shape (time,) or (time, features), got {values.shape}")
    n = len(values) - window - horizon + 1
    if n < 1:
        raise ValueError(
            f"window + horizon ({window} + {horizon}) must not exceed the series length "
            f"({len(values)})"
        )
    index = np.arange(n)[:, None]
    X = values[index + np.arange(window)[None, :]]
    Y = values[index + window + np.arange(horizon)[None, :]]
    return X, Y


# --------------------------------------------------------------------------- notebooks 05-08

REGRESSION_SERIES = ("sin", "sin_cos", "x_sin")


def regression_series(
    name: str, n: int = 10000, two_outputs: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Notebook 05: the three series of the 2016 LSTM-regression post.

    ``x = linspace(0, 100, n)`` and ``y`` is ``sin(x)`` (``"sin"``), ``sin(x) + cos(x)``
    (``"sin_cos"``) or ``x * sin(x)`` (``"x_sin"``). Returns float32 ``(x, y)``, each of shape
    ``(n,)``.

    ``two_outputs=True`` (only for ``"sin_cos"``) returns the post's own set-up instead of the
    sum: ``y`` of shape ``(n, 2)`` with ``sin(x)`` and ``cos(x)`` side by side, two features
    read and predicted together.
    """
    if name not in REGRESSION_SERIES:
        raise ValueError(f"unknown series name {name!r}: expected one of {REGRESSION_SERIES}")
    n = _check_int("n", n, minimum=2)
    if not isinstance(two_outputs, bool):
        raise ValueError(f"two_outputs must be True or False, got {two_outputs!r}")
    if two_outputs and name != "sin_cos":
        raise ValueError(f"two_outputs=True is only defined for 'sin_cos', not {name!r}")
    x = np.linspace(0.0, 100.0, n)
    if two_outputs:
        y = np.stack([np.sin(x), np.cos(x)], axis=1)
    else:
        y = {"sin": np.sin(x), "sin_cos": np.sin(x) + np.cos(x), "x_sin": x * np.sin(x)}[name]
    return x.astype(np.float32), y.astype(np.float32)


_SENTIMENT_TRAIN = """\
good +|bad -|happy +|sad -|not good -|not bad +|not happy -|not sad +|very good +|very bad -|
very happy +|very sad -|i am happy +|this is good +|i am bad -|this is bad -|i am sad -|
this is sad -|i am not happy -|this is not good -|i am not bad +|this is not sad +|
i am very happy +|this is very good +|i am very bad -|this is very sad -|this is very happy +|
i am good not bad +|this is good not bad +|i am bad not good -|i am good and happy +|
this is not good and not happy -|i am not at all good -|i am not at all bad +|
i am not at all happy -|this is not at all sad +|this is not at all happy -|
i am good right now +|i am bad right now -|this is bad right now -|i am sad right now -|
i was good earlier +|i was happy earlier +|i was bad earlier -|i was sad earlier -|
i am very bad right now -|this is very good right now +|this is very sad right now -|
this was bad earlier -|this was very good earlier +|this was very bad earlier -|
this was very happy earlier +|this was very sad earlier -|i was good and not bad earlier +|
i was not good and not happy earlier -|i am not at all bad or sad right now +|
i am not at all good or happy right now -|this was not happy and not good earlier -"""

_SENTIMENT_TEST = """\
this is happy +|i am good +|this is not happy -|i am not good -|this is not bad +|
i am not sad +|i am very good +|this is very bad -|i am very sad -|this is bad not good -|
this is good and happy +|i am not good and not happy -|i am not at all sad +|
this is not at all good -|this is not at all bad +|this is good right now +|
this is sad right now -|this is very bad right now -|this was good earlier +|
i was not happy and not good earlier -|earlier i was good and not bad +"""


def _parse_sentences(text: str) -> list[tuple[str, bool]]:
    pairs = []
    for item in text.replace("\n", "").split("|"):
        sentence, label = item.rsplit(" ", 1)
        pairs.append((sentence, label == "+"))
    return pairs


def sentiment_sentences() -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Notebook 06: the course's tiny sentiment data set (from Victor Zhou's RNN tutorial).

    Returns ``(train, test)``: lists of ``(sentence, is_positive)`` pairs, 58 for training
    and 21 for test, as in the course, lower case, 18 distinct words (all of them in the
    training sentences), at most 10 words a sentence. Every test word also occurs in
    training. Not random: the order is the course's. The last test sentence, "earlier i was
    good and not bad", puts "earlier" first, where no training sentence has it.
    """
    return _parse_sentences(_SENTIMENT_TRAIN), _parse_sentences(_SENTIMENT_TEST)


def two_timescale_signal(n: int = 10000, *, start: int = 0, fast_phase: float = 0.0) -> np.ndarray:
    """Notebook 07: ``0.8*sin(t/700) + 0.15*sin(t/40 + fast_phase)`` for ``t = start .. start+n-1``.

    Analytic, so it can be extended past the course's 10,000 points (``start``) and shifted to a
    held-out phase of the fast wave (``fast_phase``, radians). The defaults give the course's
    signal. Returns float32 ``(n,)``.
    """
    n = _check_int("n", n)
    start = _check_int("start", start, minimum=0)
    real = isinstance(fast_phase, numbers.Real) and not isinstance(fast_phase, bool)
    if not (real and math.isfinite(fast_phase)):
        raise ValueError(f"fast_phase must be a finite number (radians), got {fast_phase!r}")
    t = np.arange(start, start + n, dtype=np.float64)
    return (0.8 * np.sin(t / 700) + 0.15 * np.sin(t / 40 + fast_phase)).astype(np.float32)


class TrendSeasonal(NamedTuple):
    """The forecasting course's series (see :func:`trend_seasonal_series`); each array ``(n,)``.

    A named tuple: ``time, series, clean = trend_seasonal_series()`` unpacks it, and
    ``trend_seasonal_series().series`` reads one field.
    """

    time: np.ndarray
    series: np.ndarray
    clean: np.ndarray


def trend_seasonal_series(
    n: int = 4 * 365 + 1,
    baseline: float = 10.0,
    slope: float = 0.05,
    amplitude: float = 40.0,
    period: int = 365,
    noise_level: float = 5.0,
    seed: int | None = 42,
) -> TrendSeasonal:
    """Notebook 08: trend + yearly seasonality + Gaussian noise, as in the forecasting course.

    ``clean = baseline + slope*t + amplitude * pattern(((t % period) / period))`` with
    ``pattern(s) = cos(2*pi*s)`` for ``s < 0.4`` else ``exp(-3*s)``, and
    ``series = clean + noise_level * N(0, 1)`` drawn from ``numpy.random.RandomState(seed)``
    (the course's generator and seed 42, so the numbers match the course).

    Returns a :class:`TrendSeasonal` ``(time, series, clean)``, float32 arrays of shape ``(n,)``;
    ``clean`` is the noise-free series, the best any forecaster can do.
    """
    n = _check_int("n", n)
    period = _check_int("period", period)
    if noise_level < 0:
        raise ValueError(f"noise_level must be >= 0, got {noise_level!r}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, numbers.Integral)):
        raise ValueError(f"seed must be an int or None, got {seed!r}")
    time = np.arange(n, dtype=np.float32)
    season = (time % period) / period
    pattern = np.where(season < 0.4, np.cos(season * 2 * np.pi), 1 / np.exp(3 * season))
    clean = baseline + slope * time + amplitude * pattern
    noise = np.random.RandomState(seed).randn(n) * noise_level
    return TrendSeasonal(time, (clean + noise).astype(np.float32), clean.astype(np.float32))


# --------------------------------------------------------------------------- notebook 09: chaos


def _check_positive(name: str, value) -> float:
    """Return ``value`` as a float, or raise a ValueError unless it is a finite number > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number > 0, got {value!r}")
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return float(value)


def rk4_step(derivative, t: float, y, dt: float):
    """One step of the classical fourth-order Runge–Kutta method for ``dy/dt = derivative(t, y)``.

    ``y`` is a float or a numpy array; returns ``y`` at ``t + dt`` (same type). The error of one
    step is O(dt^5), of a whole integration over a fixed span O(dt^4): halving ``dt`` divides it
    by about 16. Used by ``mackey_glass`` and ``lorenz``.
    """
    k1 = derivative(t, y)
    k2 = derivative(t + dt / 2, y + dt / 2 * k1)
    k3 = derivative(t + dt / 2, y + dt / 2 * k2)
    k4 = derivative(t + dt, y + dt * k3)
    return y + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)


def mackey_glass(
    n: int,
    tau: float = 17.0,
    beta: float = 0.2,
    gamma: float = 0.1,
    exponent: float = 10.0,
    dt: float = 0.1,
    transient: float = 1000.0,
    seed: int | None = None,
) -> np.ndarray:
    """Notebook 09: the Mackey–Glass delay equation, sampled every time unit.

    ``dx/dt = beta * x(t - tau) / (1 + x(t - tau)**exponent) - gamma * x(t)``, integrated with
    RK4 (``rk4_step``) at step ``dt``; ``tau / dt`` and ``1 / dt`` must be whole numbers, so the
    delayed value lies on the grid at the start and end of a step and its midpoint value is the
    mean of its two neighbours (linear interpolation). The initial history over ``[-tau, 0]``
    is drawn from ``U(0.5, 1.5)`` with ``seed``; the first ``transient`` time units are
    discarded, so the series lies on the attractor (for ``tau = 17``, chaotic, between
    about 0.2 and 1.4).

    Returns float32 of shape ``(n,)``: ``x`` at times ``0, 1, ..., n - 1`` after the transient.
    """
    n = _check_int("n", n)
    tau, beta, gamma = (
        _check_positive(k, v) for k, v in (("tau", tau), ("beta", beta), ("gamma", gamma))
    )
    exponent, dt = _check_positive("exponent", exponent), _check_positive("dt", dt)
    if transient < 0 or not math.isfinite(transient):
        raise ValueError(f"transient must be a finite number >= 0, got {transient!r}")
    per_unit, delay = round(1 / dt), round(tau / dt)
    if not (math.isclose(per_unit * dt, 1.0) and math.isclose(delay * dt, tau)):
        raise ValueError(f"1 / dt and tau / dt must be whole numbers, got dt={dt}, tau={tau}")
    skip = int(round(transient)) * per_unit
    steps = skip + (n - 1) * per_unit
    x = np.empty(delay + 1 + steps)
    x[: delay + 1] = _rng(seed).uniform(0.5, 1.5, size=delay + 1)  # history on [-tau, 0]

    def production(lagged):
        return beta * lagged / (1.0 + lagged**exponent)

    for i in range(delay, delay + steps):
        # x(t - tau) at t, t + dt/2 and t + dt: on the grid, then linearly interpolated.
        start, end = production(x[i - delay]), production(x[i - delay + 1])
        middle = production(0.5 * (x[i - delay] + x[i - delay + 1]))
        lagged = {0.0: start, dt / 2: middle, dt: end}  # keyed by the time within the step
        x[i + 1] = rk4_step(lambda s, v: lagged[s] - gamma * v, 0.0, x[i], dt)  # noqa: B023
    return x[delay + skip :: per_unit].astype(np.float32)


def lorenz_derivative(
    state, sigma: float = 10.0, rho: float = 28.0, beta: float = 8.0 / 3.0
) -> np.ndarray:
    """The Lorenz system's right-hand side at ``state = (x, y, z)`` (shape ``(3,)`` or
    ``(..., 3)``): ``(sigma (y - x), x (rho - z) - y, x y - beta z)``, float64."""
    x, y, z = np.moveaxis(np.asarray(state, dtype=np.float64), -1, 0)
    return np.stack([sigma * (y - x), x * (rho - z) - y, x * y - beta * z], axis=-1)


LORENZ_COMPONENTS = ("x", "y", "z", "xyz")


def lorenz(
    n: int,
    dt: float = 0.05,
    sigma: float = 10.0,
    rho: float = 28.0,
    beta: float = 8.0 / 3.0,
    components: str = "x",
    substeps: int = 5,
    transient: float = 50.0,
    seed: int | None = None,
) -> np.ndarray:
    """Notebook 09: the Lorenz system (``lorenz_derivative``), sampled every ``dt`` time units.

    Integrated with RK4 (``rk4_step``) at step ``dt / substeps``, from a seeded initial state
    (``x, y ~ U(-10, 10)``, ``z ~ U(10, 40)``); the first ``transient`` time units are
    discarded, so the series lies on the (chaotic, for the classical parameters) attractor.

    Returns float32: shape ``(n,)`` for one component (``"x"``, ``"y"`` or ``"z"``), ``(n, 3)``
    for ``"xyz"``; sample ``i`` is at time ``i * dt`` after the transient.
    """
    n = _check_int("n", n)
    dt = _check_positive("dt", dt)
    for name, value in (("sigma", sigma), ("rho", rho), ("beta", beta)):
        _check_positive(name, value)
    if components not in LORENZ_COMPONENTS:
        raise ValueError(f"components must be one of {LORENZ_COMPONENTS}, got {components!r}")
    substeps = _check_int("substeps", substeps)
    if transient < 0 or not math.isfinite(transient):
        raise ValueError(f"transient must be a finite number >= 0, got {transient!r}")
    rng = _rng(seed)
    state = np.array([rng.uniform(-10, 10), rng.uniform(-10, 10), rng.uniform(10, 40)])
    h = dt / substeps

    def derivative(_, s):  # lorenz_derivative for one state, written out: 10x faster
        return np.array(
            [sigma * (s[1] - s[0]), s[0] * (rho - s[2]) - s[1], s[0] * s[1] - beta * s[2]]
        )

    for _ in range(int(round(transient / h))):
        state = rk4_step(derivative, 0.0, state, h)
    out = np.empty((n, 3))
    for i in range(n):
        out[i] = state
        for _ in range(substeps):
            state = rk4_step(derivative, 0.0, state, h)
    if components == "xyz":
        return out.astype(np.float32)
    return out[:, "xyz".index(components)].astype(np.float32)
