"""Small helpers shared by the notebooks: plot colours, common plots, results files.

``datasets.py`` makes the data; this module only draws and records. Keep it small: a
notebook should still read on its own.
"""

from __future__ import annotations

import json
import math
import os
import platform
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent

# The same colour for the same role in every notebook.
COLORS = {
    "past": "#1f77b4",        # what the model saw (blue)
    "future": "#2ca02c",      # the true future (green)
    "prediction": "#d62728",  # the model's forecast (red)
    "baseline": "#7f7f7f",    # a baseline forecast (grey)
    "noisy": "#9ecae1",       # noisy input (light blue)
}


def results_dir() -> Path:
    """Where notebooks write their headline metrics: ``results/``, or ``$SERIES_RESULTS_DIR``.

    The test suite and the benchmark point ``SERIES_RESULTS_DIR`` at a scratch folder so
    that running notebooks never rewrites the committed results.
    """
    folder = Path(os.environ.get("SERIES_RESULTS_DIR", ROOT / "results"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _number(name: str, value) -> float:
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return value


def save_results(
    notebook: str,
    *,
    title: str,
    source: str,
    metric: str,
    model: tuple[str, float],
    baselines: dict[str, float],
    original: float | None = None,
    train_seconds: float | None = None,
    lower_is_better: bool = True,
    extra: dict | None = None,
) -> dict:
    """Write ``results/<notebook>.json`` with a notebook's headline numbers and return it.

    ``model`` is ``(name, value)`` of the headline model; ``baselines`` maps each baseline's
    name to its value on the same test set; ``original`` is the figure the original
    tutorial reported (same metric), if any. The best baseline is derived, not passed.
    """
    import keras  # imported here so that datasets-only users need not import keras

    if not baselines:
        raise ValueError("baselines must name at least one baseline")
    baselines = {name: _number(f"baselines[{name!r}]", v) for name, v in baselines.items()}
    pick = min if lower_is_better else max
    best = pick(baselines, key=baselines.get)
    record = {
        "notebook": notebook,
        "title": title,
        "source": source,
        "metric": metric,
        "lower_is_better": lower_is_better,
        "model": {"name": model[0], "value": _number("model value", model[1])},
        "best_baseline": {"name": best, "value": baselines[best]},
        "baselines": baselines,
        "original": None if original is None else _number("original", original),
        "backend": keras.backend.backend(),
        "keras": keras.__version__,
        "python": platform.python_version(),
        "train_seconds": None if train_seconds is None else round(_number("train_seconds", train_seconds), 1),
        "extra": extra or {},
    }
    path = results_dir() / f"{notebook}.json"
    path.write_text(json.dumps(record, indent=2, sort_keys=False) + "\n")
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return record


def format_table(rows: list[dict], columns: list[str] | None = None, floatfmt: str = ".4g") -> str:
    """A plain-text table (reads the same in Jupyter, in markdown exports and on GitHub)."""
    columns = columns or list(rows[0])

    def cell(value) -> str:
        if isinstance(value, float):
            return format(value, floatfmt)
        return str(value)

    text = [[cell(row.get(c, "")) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in text)) for i, c in enumerate(columns)]
    line = lambda items: "  ".join(s.ljust(w) for s, w in zip(items, widths, strict=True)).rstrip()  # noqa: E731
    return "\n".join([line(columns), line(["-" * w for w in widths]), *(line(r) for r in text)])


def plot_history(history, title: str = "Learning curves", ax=None, logy: bool = True):
    """Plot training (and validation) loss per epoch from a Keras ``History``."""
    import matplotlib.pyplot as plt

    ax = ax or plt.subplots(figsize=(7, 3.5))[1]
    for key, style in (("loss", "-"), ("val_loss", "--")):
        if key in history.history:
            ax.plot(np.arange(1, len(history.history[key]) + 1), history.history[key], style,
                    label=key.replace("val_", "validation "))
    if logy:
        ax.set_yscale("log")
    ax.set(xlabel="epoch", ylabel="loss", title=title)
    ax.legend()
    return ax


def plot_forecasts(past, future, prediction, n: int = 4, feature_names=None, title: str = "",
                   baseline=None, baseline_name: str = "baseline"):
    """Plot ``n`` windows: seen past, true future and prediction, one column per window.

    ``past`` is ``(batch, time, features)``, ``future`` and ``prediction`` ``(batch, horizon,
    features)``; one row of panels per feature.
    """
    import matplotlib.pyplot as plt

    past, future, prediction = (np.asarray(a) for a in (past, future, prediction))
    n_features = past.shape[-1]
    feature_names = feature_names or [f"feature {i}" for i in range(n_features)]
    fig, axes = plt.subplots(n_features, n, figsize=(3.2 * n, 2.6 * n_features), squeeze=False,
                             sharex=True)
    t_past = np.arange(past.shape[1])
    t_future = past.shape[1] + np.arange(future.shape[1])
    for col in range(n):
        for row in range(n_features):
            ax = axes[row, col]
            ax.plot(t_past, past[col, :, row], "o-", ms=3, color=COLORS["past"], label="seen past")
            ax.plot(t_future, future[col, :, row], "o-", ms=3, color=COLORS["future"], label="true future")
            ax.plot(t_future, prediction[col, :, row], "x--", ms=4, color=COLORS["prediction"],
                    label="prediction")
            if baseline is not None:
                ax.plot(t_future, np.asarray(baseline)[col, :, row], ":", color=COLORS["baseline"],
                        label=baseline_name)
            if col == 0:
                ax.set_ylabel(feature_names[row])
            if row == n_features - 1:
                ax.set_xlabel("time step")
    axes[0, 0].legend(fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def linear_recurrence_forecast(past, horizon: int, order: int, ridge: float = 0.0):
    """Per-window least-squares linear recurrence ("Prony" / linear prediction) baseline.

    For every window and feature, fit ``x[t] = a_1 x[t-1] + ... + a_order x[t-order]`` on the
    window's own ``past`` by (optionally ridge-regularised) least squares, then run the
    recurrence forward for ``horizon`` steps. A sum of ``k`` sinusoids obeys such a
    recurrence exactly with ``order = 2k``, so on clean sines this baseline is near perfect.

    ``past`` has shape ``(batch, time, features)``; returns ``(batch, horizon, features)`` float32.
    """
    past = np.asarray(past, dtype=np.float64)
    if past.ndim != 3:
        raise ValueError(f"past must have shape (batch, time, features), got {past.shape}")
    batch, steps, features = past.shape
    if not 1 <= order < steps:
        raise ValueError(f"order must be between 1 and time - 1 = {steps - 1}, got {order}")
    series = past.transpose(0, 2, 1).reshape(batch * features, steps)
    # Rows of lagged values: lagged[:, r, j] = x[order + r - 1 - j], target[:, r] = x[order + r].
    rows = steps - order
    lagged = np.stack([series[:, order - 1 - j: order - 1 - j + rows] for j in range(order)], axis=-1)
    target = series[:, order:]
    gram = lagged.transpose(0, 2, 1) @ lagged + ridge * np.eye(order)
    coef = np.linalg.solve(gram + 1e-10 * np.eye(order), (lagged.transpose(0, 2, 1) @ target[..., None]))[..., 0]
    history = list(series[:, -order:].T)  # oldest .. newest, each (batch*features,)
    forecast = []
    for _ in range(horizon):
        nxt = sum(coef[:, j] * history[-1 - j] for j in range(order))
        forecast.append(nxt)
        history.append(nxt)
    out = np.stack(forecast, axis=1).reshape(batch, features, horizon).transpose(0, 2, 1)
    return out.astype(np.float32)
