"""Plots shared by the notebooks: one colour per role, white figures, legends beside the data.

Importing this module sets a white figure background (readable in dark-mode JupyterLab and on
GitHub) and a colour-blind-safe colour cycle (Okabe and Ito). ``COLORS`` gives every role the
same colour in every notebook.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

__all__ = [
    "COLORS",
    "draw_window",
    "legend_outside",
    "plot_by_step",
    "plot_forecasts",
    "plot_history",
    "plot_windows",
]

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common
# colour-vision deficiency.
COLORS = {
    "past": "#0072B2",  # what the model saw (blue)
    "noisy": "#56B4E9",  # a noisy past, the model's input in 03 (sky blue)
    "future": "#009E73",  # the true future (bluish green)
    "prediction": "#D55E00",  # the network's forecast (vermillion)
    "baseline": "#555555",  # the main baseline (dark grey)
    "baseline2": "#E69F00",  # a second baseline (orange)
    "baseline3": "#CC79A7",  # a third baseline or model (reddish purple)
    "validation": "#D55E00",  # validation curve in learning curves (vermillion)
    "train": "#0072B2",  # training curve in learning curves (blue)
}

mpl.rcParams.update(
    {
        "figure.facecolor": "white",
        "axes.facecolor": "white",
        "savefig.facecolor": "white",
        "axes.edgecolor": "#333333",
        "axes.grid": True,
        "grid.color": "#dddddd",
        "grid.linewidth": 0.6,
        "axes.prop_cycle": mpl.cycler(
            color=[
                "#0072B2",
                "#D55E00",
                "#009E73",
                "#E69F00",
                "#CC79A7",
                "#56B4E9",
                "#555555",
                "#F0E442",
            ]
        ),
        "legend.framealpha": 0.9,
        "figure.dpi": 80,
    }
)


def legend_outside(ax_or_fig, **kwargs):
    """Put the legend to the right of an axes, or below a figure, so that it covers no data.

    For a figure, the entries of all its axes are gathered (each label once).
    """
    if isinstance(ax_or_fig, mpl.figure.Figure):
        entries = {}
        for ax in ax_or_fig.axes:
            for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
                entries.setdefault(label, handle)
        ncol = kwargs.pop("ncol", min(len(entries), 4))
        return ax_or_fig.legend(
            list(entries.values()),
            list(entries),
            loc="upper center",  # hangs below the figure, clear of the axes' tick labels
            bbox_to_anchor=(0.5, 0.0),
            ncol=ncol,
            fontsize=9,
            frameon=False,
            **kwargs,
        )
    return ax_or_fig.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9, **kwargs)


def draw_window(ax, past, future=None, noisy_past=None, feature_names=None):
    """Draw one window on ``ax``: the seen past and (if given) the true future after it.

    ``past`` is ``(time, features)`` and ``future`` ``(horizon, features)``; one marker style per
    feature. With ``noisy_past`` (the model's input), ``past`` is drawn as the hidden clean past;
    pass ``past=None`` when only the noisy input is known.
    """
    seen = np.asarray(past if past is not None else noisy_past)
    features = seen.shape[-1]
    names = feature_names or ([""] if features == 1 else [f"feature {i}" for i in range(features)])
    t_past = np.arange(seen.shape[0])
    for feature, style in zip(range(features), ["o-", "s--", "^:", "d-."], strict=False):
        suffix = f" ({names[feature]})" if names[feature] else ""
        if noisy_past is not None:
            ax.plot(
                t_past,
                np.asarray(noisy_past)[:, feature],
                style,
                ms=3,
                color=COLORS["noisy"],
                label="noisy past (input)" + suffix,
            )
        if past is not None:
            clean = noisy_past is not None
            ax.plot(
                t_past,
                np.asarray(past)[:, feature],
                "-" if clean else style,
                ms=3,
                color=COLORS["past"],
                label=("clean past (hidden)" if clean else "past (input)") + suffix,
            )
        if future is not None:
            future = np.asarray(future)
            t_future = seen.shape[0] + np.arange(future.shape[0])
            ax.plot(
                t_future,
                future[:, feature],
                style,
                ms=3,
                color=COLORS["future"],
                label="future (target)" + suffix,
            )
    ax.axvline(seen.shape[0] - 0.5, color="black", lw=0.8)
    ax.set(xlabel="time step")
    return ax


def plot_windows(
    past,
    future=None,
    n: int = 3,
    title: str = "",
    feature_names=None,
    noisy_past=None,
    ylabel: str = "value",
):
    """Show ``n`` windows side by side: the seen past and (if given) the true future.

    ``past`` and ``future`` are ``(batch, time, features)``; see ``draw_window``.
    """
    fig, axes = plt.subplots(1, n, figsize=(3.6 * n + 1.8, 3.0), squeeze=False, sharey=True)
    for col, ax in enumerate(axes[0]):
        draw_window(
            ax,
            None if past is None else np.asarray(past)[col],
            None if future is None else np.asarray(future)[col],
            None if noisy_past is None else np.asarray(noisy_past)[col],
            feature_names,
        )
        ax.set_title(f"window {col}")
    axes[0, 0].set_ylabel(ylabel)
    legend_outside(axes[0, -1])
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_free_runs(truth, forecasts, styles, title="Free runs from the first start window"):
    """Top: each forecast's free run from the first start window, over the true future; bottom: each
    one's absolute error, averaged over the start windows, as the steps run on (log scale).

    ``truth`` and every value of ``forecasts`` are ``(starts, steps, 1)``; ``styles`` maps each name
    of ``forecasts`` to ``(line style, colour)``."""
    truth = np.asarray(truth)
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 6), sharex=True)
    top.plot(truth[0, :, 0], color=COLORS["future"], lw=3, label="true future")
    for name, forecast in forecasts.items():
        style, color = styles[name]
        forecast = np.asarray(forecast)
        if forecast.shape != truth.shape:
            raise ValueError(f"{name}: forecast shape {forecast.shape}, expected {truth.shape}")
        top.plot(forecast[0, :, 0], style, color=color, lw=2, label=name)
        bottom.plot(np.abs(forecast - truth).mean(axis=(0, 2)), style, color=color)
    top.set(ylabel="signal value", ylim=(-1.5, 1.5), title=title)
    bottom.set(xlabel="steps ahead", ylabel=f"|error|, mean of {len(truth)} starts", yscale="log")
    legend_outside(top)
    fig.tight_layout()
    return fig


def plot_history(
    history,
    title: str = "Learning curves",
    ax=None,
    logy: bool = True,
    ylabel: str = "loss",
    keys=("loss", "val_loss"),
    labels=("training", "validation"),
):
    """Plot training and validation curves per epoch from a Keras ``History`` (or its dict);
    ``labels`` name the two curves in the legend."""
    curves = getattr(history, "history", history)
    ax = ax or plt.subplots(figsize=(8, 3.5))[1]
    styles = {
        keys[0]: ("-", COLORS["train"], labels[0]),
        keys[1]: ("--", COLORS["validation"], labels[1]),
    }
    for key, (style, color, label) in styles.items():
        if key in curves:
            values = np.asarray(curves[key], dtype=float)
            ax.plot(np.arange(1, len(values) + 1), values, style, color=color, label=label)
    if logy:
        ax.set_yscale("log")
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))  # epochs are whole numbers
    ax.set(xlabel="epoch", ylabel=ylabel, title=title)
    ax.legend(loc="best")
    return ax


def plot_by_step(curves: dict, title: str = "", ylabel: str = "MSE (normalised units²)"):
    """One line per entry of ``curves`` (``{name: values}``, one value per step ahead, as from
    ``forecasting.error_by_step``) against the step ahead, 1 to ``len(values)``. The first entry
    is drawn as the prediction, the next three as the baselines (``COLORS``); returns the axes."""
    if not 1 <= len(curves) <= 4:
        raise ValueError(
            f"curves must hold 1 to 4 entries (a prediction, baselines), got {len(curves)}"
        )
    roles = [("prediction", "o-"), ("baseline", "^-."), ("baseline2", "s:"), ("baseline3", "d--")]
    ax = plt.subplots(figsize=(8, 3.4))[1]
    for (name, values), (role, style) in zip(curves.items(), roles, strict=False):
        steps = np.arange(1, len(values) + 1)
        ax.plot(steps, np.asarray(values), style, ms=3, color=COLORS[role], label=name)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))  # whole steps
    ax.set(xlabel="steps ahead", ylabel=ylabel, title=title)
    legend_outside(ax)
    return ax


def plot_forecasts(
    past,
    future,
    prediction,
    n: int = 4,
    feature_names=None,
    title: str = "",
    baselines: dict | None = None,
    prediction_name: str = "prediction",
    noisy_past=None,
):
    """Plot ``n`` windows: seen past, true future, the prediction and optional baselines.

    ``past`` is ``(batch, time, features)``; ``future``, ``prediction`` and each value of
    ``baselines`` (``{name: forecast}``) are ``(batch, horizon, features)``. One row of panels per
    feature; the legend sits below the figure, clear of the data. With ``noisy_past`` (the
    model's input), ``past`` is the hidden clean past: pass ``past=None`` when only the noisy
    input is known.
    """
    clean_known = past is not None
    past = past if clean_known else noisy_past
    past, future, prediction = (np.asarray(a) for a in (past, future, prediction))
    if future.shape != prediction.shape:
        raise ValueError(
            f"future and prediction must have the same shape, got {future.shape} and "
            f"{prediction.shape}"
        )
    n_features = past.shape[-1]
    default = ["value"] if n_features == 1 else [f"feature {i}" for i in range(n_features)]
    feature_names = feature_names or default  # the y label of each row of panels
    fig, axes = plt.subplots(
        n_features, n, figsize=(3.3 * n, 2.7 * n_features + 0.7), squeeze=False, sharex=True
    )
    t_past = np.arange(past.shape[1])
    t_future = past.shape[1] + np.arange(future.shape[1])
    extra_colors = [COLORS["baseline"], COLORS["baseline2"], COLORS["baseline3"]]
    for col in range(n):
        for row in range(n_features):
            ax = axes[row, col]
            if noisy_past is not None:
                ax.plot(
                    t_past,
                    np.asarray(noisy_past)[col, :, row],
                    "o",
                    ms=2.5,
                    color=COLORS["noisy"],
                    label="noisy past (input)",
                    zorder=3,
                )
            if clean_known:
                ax.plot(
                    t_past,
                    past[col, :, row],
                    "o-" if noisy_past is None else "-",
                    ms=3,
                    color=COLORS["past"],
                    label="seen past" if noisy_past is None else "clean past (hidden)",
                )
            ax.plot(
                t_future,
                future[col, :, row],
                "o-",
                ms=3,
                color=COLORS["future"],
                label="true future",
            )
            ax.plot(
                t_future,
                prediction[col, :, row],
                "x--",
                ms=4,
                color=COLORS["prediction"],
                label=prediction_name,
            )
            for (name, forecast), color in zip(
                (baselines or {}).items(), extra_colors, strict=False
            ):
                values = np.asarray(forecast)[col, :, row]
                ax.plot(t_future, values, ":", color=color, label=name)
            if col == 0:
                ax.set_ylabel(feature_names[row])
            if row == n_features - 1:
                ax.set_xlabel("time step")
    fig.suptitle(title)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    legend_outside(fig)
    return fig


def plot_scores(
    scores: dict,
    metric: str,
    title: str = "",
    log: bool = False,
    model: str | None = None,
    fmt: str = ".3g",
):
    """One horizontal bar per forecaster (``{name: score}``, lower is better), best at the top,
    the value printed at each bar's end: the TensorFlow tutorial's closing comparison. The bar
    named ``model`` (the page's network) is drawn in the prediction colour, the others in grey.
    ``log=True`` for scores that span orders of magnitude; on a linear axis, scores within a
    factor of 2 of each other get an axis that starts below the smallest (said on the axis).
    ``fmt`` formats the printed values (``".4g"`` where they differ only in the fourth digit).
    Returns the axes."""
    if not scores:
        raise ValueError("scores must hold at least one {name: score} entry")
    values = {name: float(value) for name, value in scores.items()}
    bad = {n: v for n, v in values.items() if not np.isfinite(v) or (log and v <= 0)}
    if bad:
        need = "positive finite" if log else "finite"
        raise ValueError(f"every score must be {need}, got {bad}")
    if model is not None and model not in values:
        raise ValueError(f"model {model!r} is not one of the scores {list(values)}")
    names = sorted(values, key=values.get, reverse=True)  # best at the top
    ax = plt.subplots(figsize=(7, 0.45 * len(names) + 1.2))[1]
    colors = [COLORS["prediction"] if n == model else COLORS["baseline"] for n in names]
    bars = ax.barh(names, [values[n] for n in names], color=colors)
    ax.bar_label(bars, labels=[f"{values[n]:{fmt}}" for n in names], padding=3, fontsize=9)
    xlabel = f"{metric} (lower is better)"
    low, high = min(values.values()), max(values.values())
    if log:
        ax.set_xscale("log")
        ax.margins(x=0.15)
    elif 0 < low < high and low >= 0.5 * high:
        # Close scores (within a factor of 2) would look equal on an axis from 0: start the axis
        # below the smallest one instead, and say so on the axis.
        start = max(0.0, low - (high - low))
        ax.set_xlim(start, high + 0.2 * (high - start))
        xlabel += f", axis from {start:.3g}"
    else:
        ax.margins(x=0.15)
    ax.set(xlabel=xlabel, title=title)
    ax.grid(axis="y", visible=False)
    return ax
