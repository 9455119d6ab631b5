"""Tests of notebook 09's data in datasets.py: the RK4 step, Mackey–Glass and Lorenz."""

import math

import numpy as np
import pytest

import datasets


def _integrate(derivative, y0, span: float, steps: int):
    y, dt = y0, span / steps
    for i in range(steps):
        y = datasets.rk4_step(derivative, i * dt, y, dt)
    return y


def test_rk4_is_fourth_order_on_exponential_growth():
    # dy/dt = y, y(0) = 1: y(1) = e. Halving the step divides the error by about 2**4 = 16.
    errors = [abs(_integrate(lambda t, y: y, 1.0, 1.0, steps) - math.e) for steps in (10, 20, 40)]
    for coarse, fine in zip(errors, errors[1:], strict=False):
        assert 14 < coarse / fine < 17, errors


def test_rk4_is_fourth_order_on_a_harmonic_oscillator_with_time_dependence():
    # (x, v)' = (v, -x) from (1, 0): x(t) = cos t; and dy/dt = cos t (time-dependent): sin t.
    def oscillator(_, s):
        return np.array([s[1], -s[0]])

    span = 2 * math.pi
    coarse = _integrate(oscillator, np.array([1.0, 0.0]), span, 50)
    fine = _integrate(oscillator, np.array([1.0, 0.0]), span, 100)
    ratio = np.abs(coarse - [1.0, 0.0]).max() / np.abs(fine - [1.0, 0.0]).max()
    assert 14 < ratio < 17, ratio
    forced = [
        abs(_integrate(lambda t, y: math.cos(t), 0.0, 2.0, s) - math.sin(2.0)) for s in (8, 16)
    ]
    assert 14 < forced[0] / forced[1] < 17.5, forced


def test_mackey_glass_shape_dtype_determinism_and_seed():
    a = datasets.mackey_glass(500, seed=3)
    assert a.shape == (500,) and a.dtype == np.float32
    np.testing.assert_array_equal(a, datasets.mackey_glass(500, seed=3))
    assert not np.allclose(a, datasets.mackey_glass(500, seed=4))


def test_mackey_glass_attractor_range_for_tau_17():
    x = datasets.mackey_glass(3000, seed=0)
    assert np.isfinite(x).all()
    # The tau = 17 attractor spans roughly 0.2 .. 1.4 and is not a fixed point or a small cycle.
    assert 0.2 < x.min() < 0.6 and 1.1 < x.max() < 1.4, (x.min(), x.max())
    assert x.std() > 0.15
    # Chaotic: the series does not repeat with any period up to 200 time units.
    best = min(np.abs(x[p:] - x[:-p]).max() for p in range(1, 201))
    assert best > 0.05


def test_mackey_glass_short_delay_settles_to_the_fixed_point():
    # For a small delay the non-zero equilibrium x* = (beta / gamma - 1) ** (1 / exponent) = 1
    # is stable: after the transient the series sits on it.
    x = datasets.mackey_glass(50, tau=2.0, seed=0)
    np.testing.assert_allclose(x, 1.0, atol=1e-4)


@pytest.mark.parametrize(("sigma", "rho", "beta"), [(10.0, 28.0, 8.0 / 3.0), (16.0, 45.92, 4.0)])
def test_lorenz_right_hand_side_vanishes_at_the_fixed_points(sigma, rho, beta):
    c = math.sqrt(beta * (rho - 1))
    points = np.array([[0.0, 0.0, 0.0], [c, c, rho - 1], [-c, -c, rho - 1]])
    np.testing.assert_allclose(
        datasets.lorenz_derivative(points, sigma, rho, beta), 0.0, atol=1e-12
    )
    assert np.abs(datasets.lorenz_derivative([1.0, 2.0, 3.0], sigma, rho, beta)).max() > 1


def test_lorenz_shapes_dtype_determinism_and_components():
    x = datasets.lorenz(400, seed=1)
    xyz = datasets.lorenz(400, components="xyz", seed=1)
    assert x.shape == (400,) and xyz.shape == (400, 3) and x.dtype == xyz.dtype == np.float32
    np.testing.assert_array_equal(x, xyz[:, 0])
    np.testing.assert_array_equal(datasets.lorenz(400, components="z", seed=1), xyz[:, 2])
    np.testing.assert_array_equal(x, datasets.lorenz(400, seed=1))
    assert not np.allclose(x, datasets.lorenz(400, seed=2))


def test_lorenz_stays_on_the_attractor_and_follows_its_equations():
    dt = 0.01
    xyz = datasets.lorenz(3000, dt=dt, components="xyz", seed=0).astype(np.float64)
    assert (
        np.abs(xyz[:, 0]).max() < 21
        and np.abs(xyz[:, 1]).max() < 29
        and 0 < xyz[:, 2].min()
        and xyz[:, 2].max() < 50
    )
    assert (xyz[:, 0] > 5).any() and (xyz[:, 0] < -5).any()  # visits both wings
    # Central differences of the samples match the right-hand side.
    slope = (xyz[2:] - xyz[:-2]) / (2 * dt)
    expected = datasets.lorenz_derivative(xyz[1:-1])
    assert np.abs(slope - expected).max() < 0.02 * np.abs(expected).max()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 0}, "n"),
        ({"n": 10, "tau": -1.0}, "tau"),
        ({"n": 10, "dt": 0.3}, "whole numbers"),
        ({"n": 10, "tau": 17.05}, "whole numbers"),
        ({"n": 10, "gamma": 0.0}, "gamma"),
        ({"n": 10, "transient": -1}, "transient"),
        ({"n": 10, "seed": 1.5}, "seed"),
    ],
)
def test_mackey_glass_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        datasets.mackey_glass(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 2.5}, "n"),
        ({"n": 10, "dt": 0.0}, "dt"),
        ({"n": 10, "rho": float("nan")}, "rho"),
        ({"n": 10, "components": "w"}, "components"),
        ({"n": 10, "substeps": 0}, "substeps"),
        ({"n": 10, "transient": float("inf")}, "transient"),
        ({"n": 10, "seed": "a"}, "seed"),
    ],
)
def test_lorenz_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        datasets.lorenz(**kwargs)
