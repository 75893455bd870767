"""Plate windows for training: real crops, real scene boxes and synthetic plates pasted into real photos."""
from collections.abc import Iterator

import cv2
import numpy as np

from ..common.country import Country
from ..common.real_crops import list_crops
from ..synth.damage import photometric as camera_effects
from ..synth.plate import render_plate
from .augmentation import AugmentParams, augmented_windows
from ..common.scene_labels import Box, LabelledScene, read_gray

PlateInImage = tuple[np.ndarray, Box]  # grey image and the tight plate box in it


def crop_plates(folder: str, country: Country, trim: tuple[float, float]) -> Iterator[PlateInImage]:
    """Recognizer crops have a small margin around the plate; `trim` (fraction per side, x and y) removes it."""
    for path in list_crops(folder, country, "all"):
        gray = read_gray(path)
        h, w = gray.shape
        yield gray, (w * trim[0], h * trim[1], w * (1 - 2 * trim[0]), h * (1 - 2 * trim[1]))


def scene_plates(scenes: list[LabelledScene]) -> Iterator[PlateInImage]:
    for scene in scenes:
        gray = scene.load_gray()
        for box in scene.boxes:
            yield gray, box


def synthetic_plates(rng: np.random.Generator, country: Country, backgrounds: list[np.ndarray], count: int,
                     width_px: tuple[int, int], styles: list[str] | None = None) -> Iterator[PlateInImage]:
    """Rendered plates of the country's styles (by the country file's weights, or uniformly among `styles`), pasted
    at a random size into a random patch of a real photo.

    The paste happens in colour before camera effects, so blur and noise cross the plate border as in a photo.
    """
    for _ in range(count):
        plate, _text = render_plate(rng, country, styles[rng.integers(len(styles))] if styles else None)
        plate_w = int(rng.integers(*width_px))
        plate_h = max(4, round(plate_w * plate.shape[0] / plate.shape[1]))
        plate = cv2.resize(plate, (plate_w, plate_h), interpolation=cv2.INTER_AREA)
        background = backgrounds[rng.integers(len(backgrounds))]
        patch_w, patch_h = plate_w * 2, plate_h * 4
        if background.shape[0] < patch_h or background.shape[1] < patch_w:
            background = cv2.resize(background, (max(patch_w, background.shape[1]), max(patch_h, background.shape[0])))
        top = rng.integers(background.shape[0] - patch_h + 1)
        left = rng.integers(background.shape[1] - patch_w + 1)
        patch = background[top: top + patch_h, left: left + patch_w].copy()
        x, y = (patch_w - plate_w) // 2, (patch_h - plate_h) // 2
        patch[y: y + plate_h, x: x + plate_w] = plate
        gray = cv2.cvtColor(camera_effects(rng, patch, strength=0.6), cv2.COLOR_RGB2GRAY)
        yield gray, (x, y, plate_w, plate_h)


def plate_windows(rng: np.random.Generator, plates: Iterator[PlateInImage], copies: int, params: AugmentParams,
                  width: int, height: int) -> np.ndarray:
    """uint8 [N, height, width]: each plate's clean window and `copies` augmented ones."""
    windows = [w for gray, box in plates for w in augmented_windows(rng, gray, box, copies, params, width, height)]
    return np.stack(windows)
