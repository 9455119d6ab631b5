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


def test_plot_forecasts_with_only_the_noisy_past_draws_it_in_the_noisy_colour():
    fig = plots.plot_forecasts(None, FUTURE, FUTURE, n=2, noisy_past=PAST)
    labels = {line.get_label(): line.get_color() for line in fig.axes[0].get_lines()}
    assert labels["noisy past (input)"] == plots.COLORS["noisy"]
    assert "clean past (hidden)" not in labels and "seen past" not in labels


def test_plot_by_step_one_line_per_curve_in_role_colours():
    ax = plots.plot_by_step({"network": [3.0, 2.0, 1.0], "baseline": [2.0, 2.0, 2.0]})
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["network", "baseline"]
    assert list(lines[0].get_xdata()) == [1, 2, 3]
    assert lines[0].get_color() == plots.COLORS["prediction"]
    assert lines[1].get_color() == plots.COLORS["baseline"]
    with pytest.raises(ValueError, match="1 to 4"):
        plots.plot_by_step({str(i): [1.0] for i in range(5)})


def test_plot_windows_and_history():
    fig = plots.plot_windows(PAST, FUTURE, n=2, noisy_past=PAST + 0.1)
    assert len(fig.axes) == 2
    ax = plots.plot_history({"loss": [1.0, 0.5, 0.2], "val_loss": [1.1, 0.6, 0.3]})
    assert [line.get_label() for line in ax.get_lines()] == ["training", "validation"]
    assert all(float(tick).is_integer() for tick in ax.get_xticks())  # whole epochs only


def test_plot_scores_one_bar_per_forecaster_best_on_top():
    ax = plots.plot_scores(
        {"zero": 0.5, "network": 0.01, "last value": 0.2}, "test MSE", model="network"
    )
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "network" and len(ax.patches) == 3  # barh draws the last name on top
    top = ax.patches[-1]
    assert mcolors.to_hex(top.get_facecolor()) == plots.COLORS["prediction"].lower()
    assert plots.plot_scores({"a": 1e-6, "b": 1.0}, "MSE", log=True).get_xscale() == "log"
    texts = [t.get_text() for t in plots.plot_scores({"a": 4.004}, "MAE", fmt=".4g").texts]
    assert "4.004" in texts
    close = plots.plot_scores({"a": 4.0, "b": 4.5}, "MAE")  # would look equal from 0
    assert close.get_xlim()[0] == 3.5 and "axis from 3.5" in close.get_xlabel()
    assert plots.plot_scores({"a": 1.0, "b": 4.0}, "MAE").get_xlim()[0] <= 0


def test_plot_scores_errors():
    with pytest.raises(ValueError, match="at least one"):
        plots.plot_scores({}, "MSE")
    with pytest.raises(ValueError, match="positive finite"):
        plots.plot_scores({"a": 0.0}, "MSE", log=True)
    with pytest.raises(ValueError, match="finite"):
        plots.plot_scores({"a": float("nan")}, "MSE")
    with pytest.raises(ValueError, match="not one of the scores"):
        plots.plot_scores({"a": 1.0}, "MSE", model="b")


def test_plot_free_runs_draws_each_forecast_and_its_error():
    truth = np.zeros((3, 20, 1))
    forecasts = {"flat": truth + 0.1, "ramp": truth + np.linspace(0, 1, 20)[None, :, None]}
    styles = {"flat": (":", "C0"), "ramp": ("-", "C1")}
    fig = plots.plot_free_runs(truth, forecasts, styles)
    top, bottom = fig.axes
    assert len(top.lines) == 3 and len(bottom.lines) == 2  # truth + 2 runs; 2 error curves
    np.testing.assert_allclose(bottom.lines[0].get_ydata(), 0.1)
    assert bottom.get_ylabel() == "|error|, mean of 3 starts"
    matplotlib.pyplot.close(fig)


def test_plot_free_runs_rejects_a_forecast_of_another_shape():
    truth = np.zeros((3, 20, 1))
    with pytest.raises(ValueError, match="expected"):
        plots.plot_free_runs(truth, {"short": truth[:, :10]}, {"short": ("-", "C0")})
