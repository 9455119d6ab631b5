"""Tests of plots.py: shapes of the figures, white backgrounds, one colour per role."""

import matplotlib

matplotlib.use("Agg")  # tests draw off-screen; notebooks keep the inline backend

import matplotlib.colors as mcolors  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import plots  # noqa: E402

PAST = np.zeros((4, 10, 2), np.float32)
FUTURE = np.ones((4, 5, 2), np.float32)


def test_roles_have_distinct_colours_and_white_figures():
    drawn = ["past", "noisy", "future", "prediction", "baseline", "baseline2", "baseline3"]
    assert len({plots.COLORS[r] for r in drawn}) == len(drawn)
    assert mcolors.to_hex(matplotlib.rcParams["figure.facecolor"]) == "#ffffff"
    assert mcolors.to_hex(matplotlib.rcParams["savefig.facecolor"]) == "#ffffff"


def test_plot_forecasts_one_row_per_feature_legend_below():
    fig = plots.plot_forecasts(PAST, FUTURE, FUTURE, n=3, baselines={"zero": 0 * FUTURE})
    assert len(fig.axes) == 6
    assert len(fig.legends) == 1 and not any(ax.get_legend() for ax in fig.axes)
    with pytest.raises(ValueError, match="same shape"):
        plots.plot_forecasts(PAST, FUTURE, FUTURE[:, :3])


def test_plot_windows_and_history():
    fig = plots.plot_windows(PAST, FUTURE, n=2, noisy_past=PAST + 0.1)
    assert len(fig.axes) == 2
    ax = plots.plot_history({"loss": [1.0, 0.5, 0.2], "val_loss": [1.1, 0.6, 0.3]})
    assert [line.get_label() for line in ax.get_lines()] == ["training", "validation"]
