"""Training one cascade stage: boost stumps until the stage keeps min_hit_rate of the positives while passing at
most max_false_alarm_rate of the negatives."""
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .boosting import balanced_weights, fit_categorical_stump, reweight
from .cascade_model import Stage

# The stage threshold is placed this far below the weakest kept positive's sum, so float rounding in OpenCV (float
# leaves, threshold minus 1e-5) can never flip a window that sits exactly on it.
THRESHOLD_MARGIN = 1e-4


@dataclass(frozen=True)
class StageParams:
    min_hit_rate: float
    max_false_alarm_rate: float
    max_weak_count: int


@dataclass(frozen=True)
class StageProgress:
    weak_count: int
    hit_rate: float
    false_alarm_rate: float
    seconds: float


def _threshold_keeping(positive_sums: np.ndarray, min_hit_rate: float) -> np.float32:
    """The threshold that keeps ceil(min_hit_rate * N) positives (sum >= threshold passes)."""
    keep = max(1, math.ceil(min_hit_rate * len(positive_sums)))
    weakest_kept = np.sort(positive_sums)[::-1][keep - 1]
    return np.float32(weakest_kept - THRESHOLD_MARGIN)


def train_stage(positive_codes: np.ndarray, negative_codes: np.ndarray, params: StageParams,
                report: Callable[[StageProgress], None]) -> tuple[Stage, StageProgress]:
    """Gentle AdaBoost on codes uint8 [N, F]; stops at the first weak count that meets the stage targets."""
    started = time.monotonic()
    codes = np.concatenate([positive_codes, negative_codes])
    labels = np.concatenate([np.ones(len(positive_codes)), -np.ones(len(negative_codes))])
    weights = balanced_weights(labels)
    sums = np.zeros(len(codes))
    stage = Stage([], np.float32(0))
    while True:
        stump = fit_categorical_stump(codes, labels, weights)
        predictions = stump.predict(codes[:, stump.feature])
        stage.stumps.append(stump)
        sums += predictions
        weights = reweight(weights, labels, predictions)
        stage.threshold = _threshold_keeping(sums[labels > 0], params.min_hit_rate)
        passed = sums >= stage.loaded_threshold
        progress = StageProgress(
            weak_count=len(stage.stumps),
            hit_rate=float(passed[labels > 0].mean()),
            false_alarm_rate=float(passed[labels < 0].mean()),
            seconds=time.monotonic() - started,
        )
        report(progress)
        if progress.false_alarm_rate <= params.max_false_alarm_rate or len(stage.stumps) >= params.max_weak_count:
            return stage, progress
