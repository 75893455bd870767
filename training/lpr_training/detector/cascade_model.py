"""A boosted cascade of LBP stumps, and its evaluation on windows with OpenCV's pass/fail semantics."""
from dataclasses import dataclass, field

import numpy as np

from .boosting import CategoricalStump
from .lbp_features import lbp_codes

# OpenCV subtracts this from every stage threshold when it loads a cascade (cascadedetect.cpp, THRESHOLD_EPS).
OPENCV_THRESHOLD_EPS = 1e-5


@dataclass
class Stage:
    stumps: list[CategoricalStump]
    threshold: np.float32  # a window passes when the sum of its leaf values is >= threshold

    def sums(self, codes: np.ndarray) -> np.ndarray:
        """Stage sums float64 [N] from codes over the whole feature table; float32 leaves added in order, as OpenCV."""
        total = np.zeros(len(codes))
        for stump in self.stumps:
            total += stump.predict(codes[:, stump.feature])
        return total

    @property
    def loaded_threshold(self) -> np.float32:
        """The threshold OpenCV compares against after loading the XML."""
        return np.float32(np.float32(self.threshold) - OPENCV_THRESHOLD_EPS)

    def passes(self, codes: np.ndarray) -> np.ndarray:
        return self.sums(codes) >= self.loaded_threshold


@dataclass
class Cascade:
    window_width: int
    window_height: int
    feature_rects: np.ndarray  # int32 [F, 4] (x, y, w, h) that the stumps' feature indices refer to
    stages: list[Stage] = field(default_factory=list)

    def codes(self, windows: np.ndarray) -> np.ndarray:
        """Codes uint8 [N, F] of the features the stages use (other columns stay 0), for uint8 windows [N, H, W]."""
        used = sorted({stump.feature for stage in self.stages for stump in stage.stumps})
        codes = np.zeros((len(windows), len(self.feature_rects)), np.uint8)
        if used:
            codes[:, used] = lbp_codes(windows, self.feature_rects[used])
        return codes

    def stages_passed(self, codes: np.ndarray) -> np.ndarray:
        """How many leading stages each window passes, int [N]; len(stages) means it is detected."""
        passed = np.zeros(len(codes), int)
        alive = np.arange(len(codes))
        for stage in self.stages:
            alive = alive[stage.passes(codes[alive])]
            passed[alive] += 1
        return passed

    def accepts(self, windows: np.ndarray) -> np.ndarray:
        """bool [N]: which uint8 windows [N, H, W] pass every stage."""
        if windows.shape[1:] != (self.window_height, self.window_width):
            raise ValueError(f"windows are {windows.shape[1:]}, "
                             f"the cascade needs {self.window_height}x{self.window_width}")
        return self.stages_passed(self.codes(windows)) == len(self.stages)
