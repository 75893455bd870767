"""Gentle AdaBoost with 256-category decision stumps on LBP codes (OpenCV's LBP weak classifier).

A stump sends each LBP code (category) to one of two leaves. Gentle AdaBoost fits it by weighted least squares on
labels y in {-1, +1}; each leaf outputs the weighted mean of y of its samples. For squared loss the best 2-way
partition of categories is contiguous once categories are sorted by their weighted mean response, so a feature's best
split is found with one sort and one cumulative sum over its 256 categories.
"""
from dataclasses import dataclass

import numpy as np

CATEGORIES = 256
FEATURES_PER_CHUNK = 256  # bounds the temporaries of the per-feature histograms


@dataclass(frozen=True)
class CategoricalStump:
    feature: int               # index into the trainer's feature rect table
    left_categories: np.ndarray  # bool [256]: codes that take left_value (their subset bit is set in OpenCV's XML)
    left_value: np.float32
    right_value: np.float32

    def predict(self, codes: np.ndarray) -> np.ndarray:
        """Leaf values float32 [N] for the codes of this stump's feature."""
        return np.where(self.left_categories[codes], self.left_value, self.right_value)


def _category_sums(codes: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted histograms float64 [F, 256]: sum of weights of the samples with each code, per feature."""
    n, num_features = codes.shape
    sums = np.empty((num_features, CATEGORIES))
    for start in range(0, num_features, FEATURES_PER_CHUNK):
        chunk = codes[:, start:start + FEATURES_PER_CHUNK]
        width = chunk.shape[1]
        bins = chunk + (np.arange(width, dtype=np.int32) * CATEGORIES)[None, :]  # one bin range per feature
        sums[start:start + width] = np.bincount(
            bins.ravel(), weights=np.repeat(weights, width), minlength=width * CATEGORIES
        ).reshape(width, CATEGORIES)
    return sums


def fit_categorical_stump(codes: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> CategoricalStump:
    """Best stump by weighted squared error over all features. codes uint8 [N, F], labels +-1 [N], weights [N]."""
    positive = labels > 0
    weight_pos = _category_sums(codes[positive], weights[positive])
    weight_neg = _category_sums(codes[~positive], weights[~positive])
    weight = weight_pos + weight_neg
    response = weight_pos - weight_neg  # sum of w * y per category
    mean = np.divide(response, weight, out=np.zeros_like(response), where=weight > 0)

    order = np.argsort(mean, axis=1, kind="stable")
    left_weight = np.cumsum(np.take_along_axis(weight, order, axis=1), axis=1)[:, :-1]
    left_response = np.cumsum(np.take_along_axis(response, order, axis=1), axis=1)[:, :-1]
    right_weight = weight.sum(axis=1, keepdims=True) - left_weight
    right_response = response.sum(axis=1, keepdims=True) - left_response
    tiny = 1e-12  # a side without weight cannot hold a leaf
    valid = (left_weight > tiny) & (right_weight > tiny)
    # Minimising the weighted squared error == maximising sum over leaves of response^2 / weight.
    gain = np.where(
        valid,
        left_response**2 / np.maximum(left_weight, tiny) + right_response**2 / np.maximum(right_weight, tiny),
        -np.inf,
    )
    feature, split = np.unravel_index(np.argmax(gain), gain.shape)
    left_categories = np.zeros(CATEGORIES, bool)
    left_categories[order[feature, : split + 1]] = True
    return CategoricalStump(
        feature=int(feature),
        left_categories=left_categories,
        left_value=np.float32(left_response[feature, split] / left_weight[feature, split]),
        right_value=np.float32(right_response[feature, split] / right_weight[feature, split]),
    )


def balanced_weights(labels: np.ndarray) -> np.ndarray:
    """Initial weights: each class carries half of the total, as OpenCV's cascade boosting starts."""
    positive = labels > 0
    return np.where(positive, 0.5 / positive.sum(), 0.5 / (~positive).sum())


def reweight(weights: np.ndarray, labels: np.ndarray, predictions: np.ndarray) -> np.ndarray:
    """Gentle AdaBoost update w *= exp(-y f(x)), renormalised to sum 1."""
    updated = weights * np.exp(-labels * predictions.astype(np.float64))
    return updated / updated.sum()
