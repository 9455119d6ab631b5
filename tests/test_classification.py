"""Tests of classification.py: the logistic-regression baseline of notebook 06."""

import numpy as np
import pytest

import classification


def test_logistic_matches_the_optimality_condition():
    rng = np.random.default_rng(0)
    features = rng.normal(size=(200, 3))
    labels = (features @ np.array([1.5, -2.0, 0.5]) + 0.3 + rng.normal(size=200)) > 0
    l2 = 0.05
    weights, bias = classification.fit_logistic(features, labels, l2=l2)
    assert weights.shape == (3,) and isinstance(bias, float)
    probability = classification.logistic_probability(features, weights, bias)
    assert probability.shape == (200,) and np.all((probability > 0) & (probability < 1))
    # At the minimum the gradient vanishes: X^T (p - y) / n + l2 w = 0 and mean(p - y) = 0.
    residual = probability - labels
    np.testing.assert_allclose(features.T @ residual / 200 + l2 * weights, 0, atol=1e-9)
    assert abs(residual.mean()) < 1e-9
    # Signs of the generating weights are recovered.
    assert np.all(np.sign(weights) == [1, -1, 1])


def test_logistic_on_separable_data_stays_finite_and_separates():
    features = np.array([[0.0], [1.0], [2.0], [3.0]])
    labels = np.array([0, 0, 1, 1])
    weights, bias = classification.fit_logistic(features, labels, l2=1e-3)
    probability = classification.logistic_probability(features, weights, bias)
    assert np.all(np.isfinite(weights)) and np.isfinite(bias)
    np.testing.assert_array_equal(probability > 0.5, labels.astype(bool))
    # Symmetric problem: the decision boundary sits at 1.5.
    np.testing.assert_allclose(-bias / weights[0], 1.5, atol=1e-8)


def test_logistic_without_information_predicts_the_base_rate():
    features = np.zeros((10, 2))
    labels = np.array([1, 1, 1, 0, 0, 0, 0, 0, 0, 0])
    weights, bias = classification.fit_logistic(features, labels)
    np.testing.assert_allclose(weights, 0, atol=1e-12)
    np.testing.assert_allclose(classification.logistic_probability(features, weights, bias), 0.3)


def test_logistic_shape_and_value_errors():
    with pytest.raises(ValueError, match="features must have shape"):
        classification.fit_logistic(np.zeros(5), np.zeros(5))
    with pytest.raises(ValueError, match="labels must have shape"):
        classification.fit_logistic(np.zeros((5, 2)), np.zeros((5, 1)))
    with pytest.raises(ValueError, match="0/1 or booleans"):
        classification.fit_logistic(np.zeros((3, 2)), np.array([0, 2, 1]))
    with pytest.raises(ValueError, match="l2 must be > 0"):
        classification.fit_logistic(np.zeros((3, 2)), np.array([0, 1, 1]), l2=0)
    with pytest.raises(ValueError, match="do not match"):
        classification.logistic_probability(np.zeros((3, 2)), np.zeros(3), 0.0)
