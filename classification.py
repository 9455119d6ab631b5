"""Classification baselines of the series (notebook 06): an L2-regularised logistic regression,
fitted exactly by Newton's method, the linear classifier a recurrent one is compared with.

Pure numpy: nothing here imports Keras.
"""

from __future__ import annotations

import numpy as np

__all__ = ["fit_logistic", "logistic_probability"]


def _logistic_inputs(features, labels=None) -> tuple[np.ndarray, np.ndarray | None]:
    features = np.asarray(features, dtype=np.float64)
    if features.ndim != 2 or len(features) == 0:
        raise ValueError(f"features must have shape (samples, features), got {features.shape}")
    if labels is None:
        return features, None
    labels = np.asarray(labels, dtype=np.float64)
    if labels.shape != (len(features),):
        raise ValueError(
            f"labels must have shape ({len(features)},) to match the features, got {labels.shape}"
        )
    if not np.all((labels == 0) | (labels == 1)):
        raise ValueError("labels must be 0/1 or booleans")
    return features, labels


def fit_logistic(features, labels, l2: float = 1e-2, max_iter: int = 100):
    """L2-regularised logistic regression, fitted exactly (Newton's method with step halving).

    Minimises ``mean(log loss) + l2 / 2 · ||weights||²`` (the bias is not penalised).
    ``features`` has shape ``(samples, features)``, ``labels`` shape ``(samples,)`` with 0/1 or
    booleans. Returns ``(weights, bias)``: ``(features,)`` float64 and a float. Deterministic;
    with ``l2 > 0`` the minimum is unique even when the classes are separable.
    """
    features, labels = _logistic_inputs(features, labels)
    if not l2 > 0:
        raise ValueError(f"l2 must be > 0 (it keeps separable problems bounded), got {l2}")
    design = np.concatenate([features, np.ones((len(features), 1))], axis=1)
    penalty = np.full(design.shape[1], float(l2))
    penalty[-1] = 0.0

    def objective(theta):
        logits = design @ theta
        # log(1 + exp(z)) - y z, computed stably
        return float(
            np.mean(np.logaddexp(0.0, logits) - labels * logits) + 0.5 * np.sum(penalty * theta**2)
        )

    theta = np.zeros(design.shape[1])
    value = objective(theta)
    for _ in range(max_iter):
        probability = 1.0 / (1.0 + np.exp(-(design @ theta)))
        gradient = design.T @ (probability - labels) / len(design) + penalty * theta
        curvature = probability * (1.0 - probability)
        hessian = (design.T * curvature) @ design / len(design) + np.diag(penalty + 1e-12)
        step = np.linalg.solve(hessian, gradient)
        scale = 1.0
        while objective(theta - scale * step) > value and scale > 1e-8:
            scale /= 2
        theta = theta - scale * step
        value = objective(theta)
        if np.max(np.abs(scale * step)) < 1e-10:
            break
    return theta[:-1], float(theta[-1])


def logistic_probability(features, weights, bias: float) -> np.ndarray:
    """Probability of class 1 from ``fit_logistic``'s ``(weights, bias)``: ``(samples,)``."""
    features, _ = _logistic_inputs(features)
    weights = np.asarray(weights, dtype=np.float64)
    if weights.shape != (features.shape[1],):
        raise ValueError(
            f"weights of shape {weights.shape} do not match {features.shape[1]} features"
        )
    return 1.0 / (1.0 + np.exp(-(features @ weights + float(bias))))
