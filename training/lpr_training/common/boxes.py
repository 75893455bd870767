"""Axis-aligned boxes (x, y, w, h in pixels): overlap, and the padded crop the runtime cuts around a detection."""
import math

import numpy as np

Box = tuple[float, float, float, float]


def iou(a: Box, b: Box) -> float:
    ix = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = ix * iy
    return inter / (a[2] * a[3] + b[2] * b[3] - inter)


def pad_box(box: Box, fx: float, fy: float) -> Box:
    """Grow a box by a fraction of its size on each side, as packages/core padBox (plate.cropPadding)."""
    dx, dy = box[2] * fx, box[3] * fy
    return box[0] - dx, box[1] - dy, box[2] + 2 * dx, box[3] + 2 * dy


def clamp_box(box: Box, width: int, height: int) -> tuple[int, int, int, int] | None:
    """Clamp to the image and round outwards to whole pixels, as packages/core clampBox; None when outside."""
    x0, y0 = max(0, math.floor(box[0])), max(0, math.floor(box[1]))
    x1, y1 = min(width, math.ceil(box[0] + box[2])), min(height, math.ceil(box[1] + box[3]))
    if x1 <= x0 or y1 <= y0:
        return None
    return x0, y0, x1 - x0, y1 - y0


def padded_crop(image: np.ndarray, box: Box, padding: tuple[float, float]) -> np.ndarray | None:
    """The runtime's recognizer crop of a detection: the box padded by (fx, fy), clamped, at full resolution."""
    clamped = clamp_box(pad_box(box, *padding), image.shape[1], image.shape[0])
    if clamped is None:
        return None
    x, y, w, h = clamped
    return image[y:y + h, x:x + w]
