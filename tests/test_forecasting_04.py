"""Tests for the moving-block bootstrap of notebook 04 (forecasting.block_bootstrap*)."""

import numpy as np
import pytest

import forecasting


def test_block_equal_to_the_sample_size_gives_a_degenerate_interval():
    # With block = n there is a single possible block (start 0): every replicate is the sample.
    values = np.random.default_rng(0).normal(size=50)
    estimate, low, high = forecasting.block_bootstrap(values, np.mean, block=50, n_boot=20)
    assert estimate == low == high == pytest.approx(values.mean(), abs=1e-15)
    ratio = forecasting.block_bootstrap_ratio(values**2, np.ones(50), block=50, n_boot=20)
    assert ratio[0] == ratio[1] == ratio[2] == pytest.approx(np.mean(values**2), abs=1e-15)


def test_a_constant_ratio_has_a_zero_width_interval():
    denominator = np.random.default_rng(1).uniform(1, 2, size=100)
    estimate, low, high = forecasting.block_bootstrap_ratio(2 * denominator, denominator, block=7)
    assert (estimate, low, high) == pytest.approx((2.0, 2.0, 2.0))


def test_block_one_is_the_ordinary_bootstrap_of_the_mean():
    # iid N(0, 1) sample: the 95 % percentile interval of the mean is about ±1.96 / sqrt(n).
    values = np.random.default_rng(2).normal(size=400)
    estimate, low, high = forecasting.block_bootstrap(values, np.mean, block=1, n_boot=4000, seed=3)
    assert estimate == pytest.approx(values.mean())
    assert low < estimate < high
    assert high - low == pytest.approx(2 * 1.96 / np.sqrt(400), rel=0.1)


def test_blocks_widen_the_interval_of_a_dependent_series():
    # A random-walk-like series (strong serial dependence): iid resampling understates the
    # spread of its mean, blocks of 40 do not.
    rng = np.random.default_rng(4)
    values = np.convolve(rng.normal(size=640), np.ones(40) / 40, mode="valid")  # 601 smooth values
    _, low1, high1 = forecasting.block_bootstrap(values, np.mean, block=1, n_boot=1000)
    _, low40, high40 = forecasting.block_bootstrap(values, np.mean, block=40, n_boot=1000)
    assert high40 - low40 > 3 * (high1 - low1)


def test_ratio_matches_the_generic_bootstrap_with_the_same_seed():
    rng = np.random.default_rng(5)
    model, baseline = rng.uniform(0, 2, size=(2, 123))
    paired = np.stack([model, baseline], axis=1)

    def statistic(v):
        return v[:, 0].sum() / v[:, 1].sum()

    generic = forecasting.block_bootstrap(paired, statistic, block=40, n_boot=300, seed=9)
    ratio = forecasting.block_bootstrap_ratio(model, baseline, block=40, n_boot=300, seed=9)
    np.testing.assert_allclose(generic, ratio, rtol=1e-12)
    # Reproducible for a seed; the output is (estimate, low, high) floats.
    assert ratio == forecasting.block_bootstrap_ratio(model, baseline, block=40, n_boot=300, seed=9)
    assert all(isinstance(x, float) for x in ratio) and ratio[1] <= ratio[0] <= ratio[2]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"block": 0}, "block"),
        ({"block": 11}, "block"),
        ({"block": 2.0}, "block"),
        ({"block": 2, "n_boot": 0}, "n_boot"),
        ({"block": 2, "level": 1.0}, "level"),
    ],
)
def test_bad_arguments(kwargs, message):
    values = np.ones(10)
    with pytest.raises(ValueError, match=message):
        forecasting.block_bootstrap(values, np.mean, **kwargs)
    with pytest.raises(ValueError, match=message):
        forecasting.block_bootstrap_ratio(values, values, **kwargs)


def test_ratio_shape_errors():
    with pytest.raises(ValueError, match="same length"):
        forecasting.block_bootstrap_ratio(np.ones(10), np.ones(9), block=2)
    with pytest.raises(ValueError, match="same length"):
        forecasting.block_bootstrap_ratio(np.ones((10, 1)), np.ones((10, 1)), block=2)
    with pytest.raises(ValueError, match="positive sum"):
        forecasting.block_bootstrap_ratio(np.ones(10), np.zeros(10), block=2)
