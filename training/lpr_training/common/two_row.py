"""Two-row plates as the recognizer reads them: the top row's characters set beside the bottom row, one image.

LPRNet reads one row of characters left to right. A two-row crop (country file `plate.twoRow`) is cut into its top
row (province and letter) and bottom row, the top scaled to the bottom's height and put on its left. The runtime
(packages/recognize) does exactly the same to crops narrower than `maxAspect`.
"""
from dataclasses import dataclass

import cv2
import numpy as np

from .country import Country


@dataclass(frozen=True)
class TwoRowGeometry:
    max_aspect: float
    top: tuple[float, float, float, float]  # y0, y1, x0, x1 as shares of the crop
    bottom_from: float


def two_row_geometry(country: Country) -> TwoRowGeometry | None:
    spec = country.plate.get("twoRow")
    if not spec:
        return None
    return TwoRowGeometry(float(spec["maxAspect"]), tuple(float(v) for v in spec["top"]), float(spec["bottomFrom"]))


def side_by_side(image: np.ndarray, geometry: TwoRowGeometry) -> np.ndarray:
    h, w = image.shape[:2]
    y0, y1, x0, x1 = geometry.top
    top = image[round(h * y0): round(h * y1), round(w * x0): round(w * x1)]
    bottom = image[round(h * geometry.bottom_from):, :]
    width = max(1, round(top.shape[1] * bottom.shape[0] / top.shape[0]))
    return np.hstack([cv2.resize(top, (width, bottom.shape[0]), interpolation=cv2.INTER_LINEAR), bottom])


def as_read(crop: np.ndarray, rows: int, geometry: TwoRowGeometry | None) -> np.ndarray:
    """A real plate crop laid out as the recognizer reads it: a plate labelled two-row side by side (where the
    country has two-row plates), any other as is."""
    return side_by_side(crop, geometry) if rows == 2 and geometry is not None else crop
