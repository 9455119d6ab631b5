"""Forecasting metrics and baselines shared by the notebooks of the series.

One home for what every notebook measures and compares against:

* **metrics**: ``mse``, ``mae`` and ``error_by_step``. One shape rule: the forecast and the
  truth must have *exactly* the same shape (no broadcasting: an ``(N, 1)`` against an ``(N,)``
  is refused, not silently turned into an ``(N, N)`` table).
* **naive baselines** on ``(batch, time, features)`` windows: ``zero``, ``last_value``,
  ``drift``, ``past_mean`` and the per-window ``linear_recurrence``; each returns
  ``(batch, horizon, features)`` float32.
* **fitted classical forecasters** (least squares, no training loop): ``LinearMap``, and
  ``linear_forecast`` (direct or recursive) with ``best_linear_settings`` (its search on
  validation).
* **fixed labels** in ``LABELS``: the names under which baselines reach tables, ``results/``
  and the README, so that "last value" is called the same everywhere.

Pure numpy: nothing here imports Keras, plots or reads files.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "LABELS",
    "LinearMap",
    "best_linear_settings",
    "block_bootstrap",
    "block_bootstrap_ratio",
    "drift",
    "error_by_step",
    "last_value",
    "linear_forecast",
    "linear_recurrence",
    "mae",
    "mse",
    "past_mean",
    "subspace_forecast",
    "zero",
]

# The one name of each baseline in tables, results/*.json and the README.
LABELS = {
    "zero": "zero",
    "last_value": "last value",
    "drift": "drift",
    "past_mean": "past mean",
    "linear_recurrence": "linear recurrence",
    "linear_map": "least-squares linear map",
}


# --------------------------------------------------------------------------- metrics


def _pair(prediction, target) -> tuple[np.ndarray, np.ndarray]:
    prediction = np.asarray(prediction, dtype=np.float64)
    target = np.asarray(target, dtype=np.float64)
    if prediction.shape != target.shape:
        raise ValueError(
            f"prediction and target must have the same shape, got {prediction.shape} and "
            f"{target.shape} "
            "(reshape one of them explicitly; broadcasting is refused on purpose)"
        )
    if prediction.size == 0:
        raise ValueError("prediction and target are empty")
    return prediction, target


def mse(prediction, target) -> float:
    """Mean squared error over every value of two arrays of the same shape (float64 sums)."""
    prediction, target = _pair(prediction, target)
    return float(np.mean((prediction - target) ** 2))


def mae(prediction, target) -> float:
    """Mean absolute error over every value of two arrays of the same shape (float64 sums)."""
    prediction, target = _pair(prediction, target)
    return float(np.mean(np.abs(prediction - target)))


def error_by_step(prediction, target, kind: str = "mse") -> np.ndarray:
    """Error at each step ahead: ``(batch, horizon, features)`` pairs -> ``(horizon,)``.

    ``kind`` is ``"mse"`` or ``"mae"``; the mean runs over windows and features.
    """
    prediction, target = _pair(prediction, target)
    if prediction.ndim != 3:
        raise ValueError(
            f"expected (batch, horizon, features) arrays, got shape {prediction.shape}"
        )
    if kind not in ("mse", "mae"):
        raise ValueError(f"kind must be 'mse' or 'mae', got {kind!r}")
    error = prediction - target
    error = error**2 if kind == "mse" else np.abs(error)
    return error.mean(axis=(0, 2))


# --------------------------------------------------------------------------- naive baselines


def _int_between(name: str, value, low: int, high: int, what: str) -> int:
    """``value`` as an int in ``low .. high``, else a ValueError that says what was expected."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, np.integer))
        or not low <= value <= high
    ):
        raise ValueError(f"{name} must be {what}, got {value!r}")
    return int(value)


def _windows(past, horizon: int) -> np.ndarray:
    past = np.asarray(past, dtype=np.float64)
    if past.ndim != 3:
        raise ValueError(f"past must have shape (batch, time, features), got {past.shape}")
    if past.shape[1] < 1:
        raise ValueError("past must hold at least one time step")
    _int_between("horizon", horizon, 1, np.iinfo(np.int64).max, "a positive int")
    return past


def zero(past, horizon: int) -> np.ndarray:
    """Predict 0 at every future step: the mean of a zero-mean signal."""
    past = _windows(past, horizon)
    return np.zeros((past.shape[0], horizon, past.shape[2]), dtype=np.float32)


def last_value(past, horizon: int) -> np.ndarray:
    """Repeat the last seen value (the random walk's forecast, "persistence")."""
    past = _windows(past, horizon)
    return np.repeat(past[:, -1:, :], horizon, axis=1).astype(np.float32)


def drift(past, horizon: int, lookback: int | None = None) -> np.ndarray:
    """Extend the straight line through the value ``lookback`` steps back and the last value.

    ``lookback=None`` uses the whole past (the random walk with drift); ``lookback=1`` is the
    two-point linear extrapolation ``y[t+h] = y[t] + h (y[t] - y[t-1])``.
    """
    past = _windows(past, horizon)
    steps = past.shape[1]
    lookback = steps - 1 if lookback is None else lookback
    _int_between("lookback", lookback, 1, steps - 1, f"an int between 1 and time - 1 = {steps - 1}")
    slope = (past[:, -1:, :] - past[:, -1 - lookback : -lookback, :]) / lookback
    ahead = np.arange(1, horizon + 1, dtype=np.float64)[None, :, None]
    return (past[:, -1:, :] + slope * ahead).astype(np.float32)


def past_mean(past, horizon: int) -> np.ndarray:
    """Repeat the mean of the past window."""
    past = _windows(past, horizon)
    return np.repeat(past.mean(axis=1, keepdims=True), horizon, axis=1).astype(np.float32)


def linear_recurrence(past, horizon: int, order: int, ridge: float = 0.0) -> np.ndarray:
    """Per-window least-squares linear recurrence ("linear prediction", Prony's method).

    For every window and feature, fit ``x[t] = a_1 x[t-1] + ... + a_order x[t-order]`` on the
    window's own ``past`` by (optionally ridge-regularised) least squares, then run the
    recurrence forward for ``horizon`` steps. A sum of ``k`` sinusoids obeys such a recurrence
    exactly with ``order = 2k``, so on clean sines this baseline is near perfect.

    ``past`` has shape ``(batch, time, features)``; returns ``(batch, horizon, features)`` float32.
    """
    past = _windows(past, horizon)
    batch, steps, features = past.shape
    _int_between("order", order, 1, steps - 1, f"an int between 1 and time - 1 = {steps - 1}")
    if ridge < 0:
        raise ValueError(f"ridge must be >= 0, got {ridge}")
    series = past.transpose(0, 2, 1).reshape(batch * features, steps)
    # Rows of lagged values: lagged[:, r, j] = x[order + r - 1 - j], target[:, r] = x[order + r].
    rows = steps - order
    lagged = np.stack(
        [series[:, order - 1 - j : order - 1 - j + rows] for j in range(order)], axis=-1
    )
    target = series[:, order:]
    gram = lagged.transpose(0, 2, 1) @ lagged + (ridge + 1e-10) * np.eye(order)
    coef = np.linalg.solve(gram, lagged.transpose(0, 2, 1) @ target[..., None])[..., 0]
    history = list(series[:, -order:].T)  # oldest .. newest, each (batch * features,)
    forecast = []
    for _ in range(horizon):
        following = sum(coef[:, j] * history[-1 - j] for j in range(order))
        forecast.append(following)
        history.append(following)
    out = np.stack(forecast, axis=1).reshape(batch, features, horizon).transpose(0, 2, 1)
    return out.astype(np.float32)


# --------------------------------------------------------------------------- fitted forecasters


class LinearMap:
    """One global least-squares linear map from a past window to its future.

    ``LinearMap(ridge).fit(past, future)`` flattens each ``(time, features)`` past window into a
    row and solves ``future ≈ past @ W + b`` on the training windows (ridge-regularised when
    ``ridge > 0``; the intercept is not penalised). ``predict(past)`` returns
    ``(batch, horizon, features_out)`` float32. With a one-step ``future`` this is the
    least-squares autoregression AR(time).
    """

    def __init__(self, ridge: float = 0.0, intercept: bool = True):
        if ridge < 0:
            raise ValueError(f"ridge must be >= 0, got {ridge}")
        self.ridge = float(ridge)
        self.intercept = intercept
        self.weights: np.ndarray | None = None
        self._in_shape: tuple[int, int] | None = None
        self._out_shape: tuple[int, int] | None = None

    def _design(self, past) -> np.ndarray:
        past = np.asarray(past, dtype=np.float64)
        if past.ndim != 3:
            raise ValueError(f"past must have shape (batch, time, features), got {past.shape}")
        if self._in_shape is not None and past.shape[1:] != self._in_shape:
            raise ValueError(
                f"past windows must have shape (batch, *{self._in_shape}), got {past.shape}"
            )
        rows = past.reshape(len(past), -1)
        if self.intercept:
            rows = np.concatenate([rows, np.ones((len(rows), 1))], axis=1)
        return rows

    def fit(self, past, future) -> LinearMap:
        past = np.asarray(past, dtype=np.float64)
        future = np.asarray(future, dtype=np.float64)
        if future.ndim != 3 or past.ndim != 3 or len(past) != len(future):
            raise ValueError(
                f"expected past (batch, time, features) and future (batch, horizon, features) "
                f"with the same "
                f"batch, got {past.shape} and {future.shape}"
            )
        self._in_shape = None
        design = self._design(past)
        target = future.reshape(len(future), -1)
        if self.ridge:
            # Ridge as extra rows sqrt(ridge)·I (better conditioned than the normal equations).
            penalty = np.sqrt(self.ridge) * np.eye(design.shape[1])
            if self.intercept:
                penalty = penalty[:-1]
            design = np.concatenate([design, penalty])
            target = np.concatenate([target, np.zeros((len(penalty), target.shape[1]))])
        self.weights = np.linalg.lstsq(design, target, rcond=None)[0]
        self._in_shape, self._out_shape = past.shape[1:], future.shape[1:]
        return self

    def predict(self, past) -> np.ndarray:
        if self.weights is None:
            raise ValueError("LinearMap.predict called before fit")
        out = self._design(past) @ self.weights
        return out.reshape(len(out), *self._out_shape).astype(np.float32)


# --- 03: subspace (ESPRIT / matrix-pencil) forecaster


def subspace_forecast(
    past,
    horizon: int,
    rank: int,
    window: int | None = None,
    dtype=np.float32,
    fit_past: bool = False,
) -> np.ndarray:
    """Per-window subspace forecaster: fit ``rank`` undamped complex exponentials, extrapolate.

    For every window and feature, on that window's own ``past`` only (no training):

    1. the Hankel matrix of the past, ``window`` rows by ``time - window + 1`` columns
       (``H[i, j] = x[i + j]``; default ``window = time // 2``);
    2. its ``rank`` leading left singular vectors span the *signal subspace*; the remaining
       directions hold mostly noise and are dropped (this is the denoising step);
    3. the signal poles by ESPRIT, the matrix pencil of that subspace: the subspace shifted by
       one row is the subspace times a ``rank x rank`` matrix whose eigenvalues are the poles;
    4. each pole projected onto the unit circle, ``z / |z|`` (waves that neither grow nor decay);
    5. the complex amplitudes by least squares on the past, ``x[n] ≈ sum_k c_k z_k**n``;
    6. the forecast ``Re(sum_k c_k z_k**n)`` for ``n = time .. time + horizon - 1``.

    A real sinusoid takes two conjugate poles, so a sum of two sines needs ``rank=4`` (a constant
    offset takes one more pole, at 1). A noise-free sum of ``rank / 2`` sinusoids is recovered
    to rounding error (ask for ``dtype=np.float64`` to see it). ``past`` is
    ``(batch, time, features)``; returns ``(batch, horizon, features)`` of ``dtype`` (float32), or
    with ``fit_past=True`` the fitted waves over the past and the forecast after it,
    ``(batch, time + horizon, features)`` (to draw what the method fits).
    """
    past = _windows(past, horizon)
    batch, steps, features = past.shape
    window = steps // 2 if window is None else window
    if (
        isinstance(window, bool)
        or not isinstance(window, (int, np.integer))
        or not (2 <= window <= steps - 1)
    ):
        raise ValueError(
            f"window must be an int between 2 and time - 1 = {steps - 1}, got {window!r}"
        )
    columns = steps - window + 1
    if (
        isinstance(rank, bool)
        or not isinstance(rank, (int, np.integer))
        or not 1 <= rank <= min(window - 1, columns)
    ):
        raise ValueError(
            f"rank must be an int between 1 and min(window - 1, time - window + 1) = "
            f"{min(window - 1, columns)}, got {rank!r}"
        )
    series = past.transpose(0, 2, 1).reshape(batch * features, steps)
    hankel = series[:, np.arange(window)[:, None] + np.arange(columns)[None, :]]
    basis = np.linalg.svd(hankel, full_matrices=False)[0][:, :, :rank]  # signal subspace
    pencil = np.linalg.pinv(basis[:, :-1]) @ basis[:, 1:]  # ESPRIT: shifted subspace
    poles = np.linalg.eigvals(pencil)
    modulus = np.abs(poles)
    poles = np.where(modulus > 1e-12, poles / np.maximum(modulus, 1e-12), 1.0)
    vander = poles[:, None, :] ** np.arange(steps + horizon)[None, :, None]
    amplitudes = np.linalg.pinv(vander[:, :steps]) @ series[..., None].astype(np.complex128)
    first = 0 if fit_past else steps  # the fitted past too, or the forecast only
    forecast = (vander[:, first:] @ amplitudes)[..., 0].real
    out = forecast.reshape(batch, features, steps + horizon - first).transpose(0, 2, 1)
    return out.astype(dtype)


# --- 04: moving-block bootstrap


def _block_indices(n: int, block: int, n_boot: int, seed) -> np.ndarray:
    """Row indices of ``n_boot`` moving-block bootstrap samples of a length-``n`` series."""
    if isinstance(block, bool) or not isinstance(block, (int, np.integer)) or not 1 <= block <= n:
        raise ValueError(f"block must be an int between 1 and the sample size {n}, got {block!r}")
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise ValueError(f"n_boot must be a positive int, got {n_boot!r}")
    rng = np.random.default_rng(seed)
    n_blocks = -(-n // block)  # ceil(n / block)
    starts = rng.integers(0, n - block + 1, size=(n_boot, n_blocks))
    index = (starts[:, :, None] + np.arange(block)[None, None, :]).reshape(n_boot, -1)
    return index[:, :n]


def _interval(estimate: float, replicates: np.ndarray, level: float) -> tuple[float, float, float]:
    low, high = np.quantile(replicates, [(1 - level) / 2, (1 + level) / 2])
    return float(estimate), float(low), float(high)


def block_bootstrap(
    values, statistic, block: int, n_boot: int = 2000, level: float = 0.95, seed=0
) -> tuple[float, float, float]:
    """Moving-block bootstrap percentile interval of a statistic of a time-ordered sample.

    ``values`` has shape ``(n, ...)``, row ``i`` the ``i``-th observation in time. Each of the
    ``n_boot`` replicates concatenates ``ceil(n / block)`` blocks ``values[s : s + block]`` with
    starts ``s`` drawn uniformly from ``0 .. n - block`` and keeps its first ``n`` rows, so the
    dependence between rows less than ``block`` apart survives resampling (Künsch, 1989); with
    ``block=1`` it is the ordinary bootstrap. ``statistic`` maps an ``(n, ...)`` array to a number.

    Returns ``(estimate, low, high)``: ``statistic(values)`` and the ``(1 - level) / 2`` and
    ``(1 + level) / 2`` quantiles of the replicates. Raises ValueError for a ``block`` outside
    ``1 .. n``, a non-positive ``n_boot`` or a ``level`` outside ``(0, 1)``.
    """
    values = np.asarray(values, dtype=np.float64)
    if values.ndim < 1 or len(values) < 1:
        raise ValueError(f"values must have shape (n, ...) with n >= 1, got {values.shape}")
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be strictly between 0 and 1, got {level!r}")
    index = _block_indices(len(values), block, n_boot, seed)
    replicates = np.array([float(statistic(values[rows])) for rows in index])
    return _interval(float(statistic(values)), replicates, level)


def block_bootstrap_ratio(
    numerator, denominator, block: int, n_boot: int = 2000, level: float = 0.95, seed=0
) -> tuple[float, float, float]:
    """Block-bootstrap interval of ``sum(numerator) / sum(denominator)`` over paired observations.

    ``numerator`` and ``denominator`` are ``(n,)`` per-observation losses in time order (e.g. the
    absolute error of a model and of a baseline on each test window): the ratio is then "model
    error / baseline error", and both series are resampled with the *same* blocks, so their
    correlation is kept. Same resampling and return value as :func:`block_bootstrap`.
    """
    numerator = np.asarray(numerator, dtype=np.float64)
    denominator = np.asarray(denominator, dtype=np.float64)
    if numerator.ndim != 1 or numerator.shape != denominator.shape or len(numerator) < 1:
        raise ValueError(
            "numerator and denominator must be non-empty 1-D arrays of the same length, got "
            f"{numerator.shape} and {denominator.shape}"
        )
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be strictly between 0 and 1, got {level!r}")
    if denominator.sum() <= 0:
        raise ValueError("the denominator must have a positive sum")
    index = _block_indices(len(numerator), block, n_boot, seed)
    replicates = numerator[index].sum(axis=1) / denominator[index].sum(axis=1)
    return _interval(numerator.sum() / denominator.sum(), replicates, level)


# --- 09: the best least-squares linear forecaster, chosen on validation


def linear_forecast(
    train_past, train_future, past, order: int, ridge: float = 0.0, recursive: bool = False
) -> np.ndarray:
    """Least-squares linear forecast from the last ``order`` values of each window.

    *Direct* (``recursive=False``): one ``LinearMap`` from the last ``order`` values to all
    ``horizon`` future values, fitted on the training windows. *Recursive*: a ``LinearMap`` to the
    next value only (an AR(``order``) model with an intercept), run forward ``horizon`` times, each
    forecast fed back as the newest value. ``ridge`` is ``LinearMap``'s penalty.

    ``train_past`` ``(n, time, features)``, ``train_future`` ``(n, horizon, features)``, ``past``
    ``(batch, time, features)``; returns ``(batch, horizon, features)`` float32.
    """
    train_past, past = np.asarray(train_past), _windows(past, 1)
    train_future = np.asarray(train_future)
    if train_future.ndim != 3:
        raise ValueError(f"train_future must be (n, horizon, features), got {train_future.shape}")
    horizon, steps = train_future.shape[1], past.shape[1]
    _int_between("order", order, 1, steps, f"an int between 1 and time = {steps}")
    if not recursive:
        fitted = LinearMap(ridge).fit(train_past[:, -order:], train_future)
        return fitted.predict(past[:, -order:])
    one_step = LinearMap(ridge).fit(train_past[:, -order:], train_future[:, :1])
    history = past[:, -order:]  # (batch, order, features)
    for _ in range(horizon):
        following = one_step.predict(history[:, -order:])  # (batch, 1, features)
        history = np.concatenate([history, following], axis=1)
    return history[:, order:].astype(np.float32)


def best_linear_settings(
    train_past,
    train_future,
    val_past,
    val_future,
    orders=(1, 2, 4, 8, 16, 32),
    ridges=(0.0, 0.01, 1.0, 100.0),
) -> tuple[dict, float]:
    """The ``linear_forecast`` settings with the lowest validation MSE: every order (those no
    longer than the window) x ridge x {direct, recursive}, fitted on the training windows.

    Returns ``(settings, validation MSE)``, ``settings`` a dict of ``order``, ``ridge`` and
    ``recursive`` to pass on: ``linear_forecast(train_past, train_future, past, **settings)``.
    """
    steps = np.shape(val_past)[1]
    best, best_mse = None, np.inf
    for order in [o for o in orders if o <= steps]:
        for ridge in ridges:
            for recursive in (False, True):
                settings = {"order": int(order), "ridge": float(ridge), "recursive": recursive}
                forecast = linear_forecast(train_past, train_future, val_past, **settings)
                error = mse(forecast, val_future)
                if error < best_mse:
                    best, best_mse = settings, error
    if best is None:
        raise ValueError(f"no order in {orders} fits windows of {steps} steps")
    return best, best_mse
