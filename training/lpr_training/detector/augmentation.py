"""Turning a plate box in an image into training windows: box jitter, window extraction, photometric changes."""
from dataclasses import dataclass

import cv2
import numpy as np

from ..common.scene_labels import Box


@dataclass(frozen=True)
class AugmentParams:
    shift: float                      # max centre shift, as a fraction of the box width / height
    scale: tuple[float, float]        # box size factor range
    aspect: tuple[float, float]       # box height factor range (detections are not exactly tight)
    contrast: tuple[float, float]
    brightness: float                 # std of the added grey level
    blur_sigma: tuple[float, float]   # applied to half of the windows
    noise: float                      # max std of Gaussian pixel noise
    invert_probability: float         # LBP is polarity-sensitive: inverted blue plates stand in for dark-on-light ones
    rotation: float = 0.0             # max in-plane rotation in degrees (hand-held and parked-car cameras are tilted)

    @classmethod
    def from_config(cls, raw: dict) -> "AugmentParams":
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()})


def extract_window(gray: np.ndarray, box: Box, width: int, height: int) -> np.ndarray:
    """The box resized to width x height with INTER_LINEAR_EXACT, as OpenCV's detectMultiScale scales images.

    Parts of the box outside the image are filled by replicating the border.
    """
    x, y, w, h = box
    x0, y0 = int(round(x)), int(round(y))
    x1, y1 = max(x0 + 1, int(round(x + w))), max(y0 + 1, int(round(y + h)))
    pad = max(0, -x0, -y0, x1 - gray.shape[1], y1 - gray.shape[0])
    if pad:
        gray = cv2.copyMakeBorder(gray, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    crop = gray[y0 + pad: y1 + pad, x0 + pad: x1 + pad]
    return cv2.resize(crop, (width, height), interpolation=cv2.INTER_LINEAR_EXACT)


def jitter_box(rng: np.random.Generator, box: Box, params: AugmentParams) -> Box:
    x, y, w, h = box
    scale = rng.uniform(*params.scale)
    new_w, new_h = w * scale, h * scale * rng.uniform(*params.aspect)
    cx = x + w / 2 + rng.uniform(-params.shift, params.shift) * w
    cy = y + h / 2 + rng.uniform(-params.shift, params.shift) * h
    return cx - new_w / 2, cy - new_h / 2, new_w, new_h


def photometric(rng: np.random.Generator, window: np.ndarray, params: AugmentParams) -> np.ndarray:
    image = window.astype(np.float32)
    if rng.random() < 0.5:
        image = cv2.GaussianBlur(image, (0, 0), rng.uniform(*params.blur_sigma))
    image = (image - image.mean()) * rng.uniform(*params.contrast) + image.mean() + rng.normal(0, params.brightness)
    image += rng.normal(0, rng.uniform(0, params.noise), image.shape)
    image = np.clip(image, 0, 255)
    if rng.random() < params.invert_probability:
        image = 255 - image
    return image.astype(np.uint8)


def rotated_surroundings(rng: np.random.Generator, gray: np.ndarray, box: Box, degrees: float) -> tuple[np.ndarray, Box]:
    """The box's neighbourhood rotated about the box centre by up to +-degrees, and the axis-aligned bounding box of
    the rotated plate in it, as a labelled box or a detection of a tilted plate is."""
    x, y, w, h = box
    x0, y0 = int(max(0, x - w / 2)), int(max(0, y - h * 1.5))
    region = gray[y0: int(min(gray.shape[0], y + h * 2.5)), x0: int(min(gray.shape[1], x + w * 1.5))]
    cx, cy = x + w / 2 - x0, y + h / 2 - y0
    angle = rng.uniform(-degrees, degrees)
    matrix = cv2.getRotationMatrix2D((cx, cy), angle, 1.0)
    rotated = cv2.warpAffine(region, matrix, (region.shape[1], region.shape[0]), borderMode=cv2.BORDER_REPLICATE)
    cos, sin = abs(np.cos(np.deg2rad(angle))), abs(np.sin(np.deg2rad(angle)))
    bound_w, bound_h = w * cos + h * sin, h * cos + w * sin
    return rotated, (cx - bound_w / 2, cy - bound_h / 2, bound_w, bound_h)


def augmented_windows(rng: np.random.Generator, gray: np.ndarray, box: Box, copies: int, params: AugmentParams,
                      width: int, height: int) -> list[np.ndarray]:
    """The clean window of the box plus `copies` augmented ones."""
    windows = [extract_window(gray, box, width, height)]
    for _ in range(copies):
        image, moved = rotated_surroundings(rng, gray, box, params.rotation) if params.rotation else (gray, box)
        windows.append(photometric(rng, extract_window(image, jitter_box(rng, moved, params), width, height), params))
    return windows
