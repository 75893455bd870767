"""Photos without plates (or with their labelled plates excluded) that negative windows are drawn from."""
from dataclasses import dataclass

import cv2
import numpy as np

from ..common.paths import SHARED_DATA
from .hard_negatives import render_hard_negative
from .scene_labels import Box, LabelledScene, read_gray


@dataclass(frozen=True)
class NegativeImage:
    name: str
    gray: np.ndarray
    exclusions: tuple[Box, ...]  # enlarged plate boxes that no negative window may touch

    def overlaps_exclusion(self, rects: np.ndarray) -> np.ndarray:
        """bool [N] for rects int [N, 4] (x, y, w, h): which touch an excluded region."""
        touched = np.zeros(len(rects), bool)
        for ex, ey, ew, eh in self.exclusions:
            touched |= (rects[:, 0] < ex + ew) & (rects[:, 0] + rects[:, 2] > ex) & \
                       (rects[:, 1] < ey + eh) & (rects[:, 1] + rects[:, 3] > ey)
        return touched


def _enlarged(box: Box, margin: float) -> Box:
    x, y, w, h = box
    return x - w * margin, y - h * margin, w * (1 + 2 * margin), h * (1 + 2 * margin)


def _fit(gray: np.ndarray, max_side: int) -> tuple[np.ndarray, float]:
    """Downscale so the longer side is at most max_side (keeps mining time per photo bounded)."""
    scale = min(1.0, max_side / max(gray.shape))
    if scale < 1.0:
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return gray, scale


def from_scenes(scenes: list[LabelledScene], margin: float, max_side: int) -> list[NegativeImage]:
    images = []
    for scene in scenes:
        gray, scale = _fit(scene.load_gray(), max_side)
        exclusions = tuple(_enlarged(tuple(v * scale for v in box), margin) for box in scene.boxes)
        images.append(NegativeImage(scene.path.name, gray, exclusions))
    return images


def from_globs(patterns: list[str], max_side: int) -> list[NegativeImage]:
    """Plate-free photos matched by glob patterns under SHARED_DATA."""
    paths = sorted(p for pattern in patterns for p in SHARED_DATA.glob(pattern))
    return [NegativeImage(p.name, _fit(read_gray(p), max_side)[0], ()) for p in paths]


def synthetic(rng: np.random.Generator, count: int, size: tuple[int, int]) -> list[NegativeImage]:
    return [NegativeImage(f"synthetic-{i}", render_hard_negative(rng, size), ()) for i in range(count)]
