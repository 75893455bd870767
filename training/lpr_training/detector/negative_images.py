"""Photos without plates (or with their labelled plates excluded) that negative windows are drawn from."""
from dataclasses import dataclass

import cv2
import numpy as np

from ..common.paths import SHARED_DATA
from .hard_negatives import render_hard_negative
from ..common.scene_labels import Box, LabelledScene, read_gray


@dataclass(frozen=True)
class NegativeImage:
    name: str
    gray: np.ndarray
    plates: tuple[Box, ...] = ()  # labelled plates, in this image's pixels
    max_plate_iou: float = 0.0    # windows overlapping a plate at least this much are not negatives

    def on_plate(self, rects: np.ndarray) -> np.ndarray:
        """bool [N] for rects [N, 4] (x, y, w, h): which overlap a labelled plate by IoU >= max_plate_iou.

        Windows below it (shifted, partial or much larger than the plate) stay negatives: at runtime they would be
        false positives beside the plate.
        """
        hit = np.zeros(len(rects), bool)
        for px, py, pw, ph in self.plates:
            iw = np.clip(np.minimum(rects[:, 0] + rects[:, 2], px + pw) - np.maximum(rects[:, 0], px), 0, None)
            ih = np.clip(np.minimum(rects[:, 1] + rects[:, 3], py + ph) - np.maximum(rects[:, 1], py), 0, None)
            inter = iw * ih
            hit |= inter >= self.max_plate_iou * (rects[:, 2] * rects[:, 3] + pw * ph - inter)
        return hit


def _fit(gray: np.ndarray, max_side: int) -> tuple[np.ndarray, float]:
    """Downscale so the longer side is at most max_side (keeps mining time per photo bounded)."""
    scale = min(1.0, max_side / max(gray.shape))
    if scale < 1.0:
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return gray, scale


def from_scenes(scenes: list[LabelledScene], max_plate_iou: float, max_side: int) -> list[NegativeImage]:
    images = []
    for scene in scenes:
        gray, scale = _fit(scene.load_gray(), max_side)
        plates = tuple(tuple(v * scale for v in box) for box in scene.boxes)
        images.append(NegativeImage(scene.path.name, gray, plates, max_plate_iou))
    return images


def from_globs(patterns: list[str], max_side: int) -> list[NegativeImage]:
    """Plate-free photos matched by glob patterns under SHARED_DATA."""
    paths = sorted(p for pattern in patterns for p in SHARED_DATA.glob(pattern))
    return [NegativeImage(p.name, _fit(read_gray(p), max_side)[0]) for p in paths]


def synthetic(rng: np.random.Generator, count: int, size: tuple[int, int]) -> list[NegativeImage]:
    return [NegativeImage(f"synthetic-{i}", render_hard_negative(rng, size)) for i in range(count)]
