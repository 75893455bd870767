"""Real plates cut from labelled photos while training, each draw with new random margins, as a detector's box cuts
them: a little of the plate clipped on one side, extra border on another. Two-row plates are set side by side, as
the runtime reads them (common/two_row.py).

Text-named crops (ccpd-crops) are cut once, all alike; labelled photos (config `real_scenes`, e.g. our street photos
of many provinces) give real plates of other provinces, colours and cameras with the crop jitter a detector adds.
"""
from dataclasses import dataclass

import cv2
import numpy as np

from ..common.boxes import Box, clamp_box, pad_box
from ..common.country import Country
from ..common.scene_labels import load_scene_set, read_bgr
from ..common.two_row import TwoRowGeometry, as_read, two_row_geometry

# Margin per side as a share of the box: negative clips the plate. Ranges cover a detector's box error and the
# runtime's crop padding (plate.cropPadding) on top of it.
MARGIN_X = (-0.03, 0.15)
MARGIN_Y = (-0.05, 0.30)
# What of the photo around each plate is kept: enough for the largest margin, so whole photos need not stay in memory.
KEPT_AROUND = 0.5


@dataclass(frozen=True)
class ScenePlate:
    region: np.ndarray  # RGB, the photo around the plate
    box: Box            # the plate's box within region
    text: str
    rows: int


def load_scene_plates(specs: list[dict], country: Country, split: str) -> list[ScenePlate]:
    """Readable plates (text within the charset) of the scene sets' photos in the split."""
    plates = []
    for spec in specs:
        for scene in load_scene_set(spec, split):
            wanted = [i for i, text in enumerate(scene.texts) if text and all(c in country.charset for c in text)]
            if not wanted:
                continue
            rgb = cv2.cvtColor(read_bgr(scene.path), cv2.COLOR_BGR2RGB)
            for i in wanted:
                x, y, w, h = clamp_box(pad_box(scene.boxes[i], KEPT_AROUND, KEPT_AROUND), rgb.shape[1], rgb.shape[0])
                bx, by, bw, bh = scene.boxes[i]
                plates.append(ScenePlate(rgb[y:y + h, x:x + w].copy(), (bx - x, by - y, bw, bh),
                                         scene.texts[i], scene.rows[i]))
    return plates


class ScenePlateSampler:
    def __init__(self, plates: list[ScenePlate], country: Country, size: tuple[int, int] = (94, 24)):
        if not plates:
            raise ValueError("real_scenes has no readable plate in the training split")
        self.plates = plates
        self.size = size
        self.two_row: TwoRowGeometry | None = two_row_geometry(country)

    def __len__(self) -> int:
        return len(self.plates)

    def sample(self, rng: np.random.Generator) -> tuple[np.ndarray, str]:
        """One plate, cut with random margins and resized to the model input: (RGB uint8 [H, W, 3], text)."""
        plate = self.plates[rng.integers(len(self.plates))]
        return cut_with_margins(plate, rng.uniform(*MARGIN_X, 2), rng.uniform(*MARGIN_Y, 2), self.two_row, self.size)


def cut_with_margins(plate: ScenePlate, margins_x, margins_y, two_row: TwoRowGeometry | None,
                     size: tuple[int, int]) -> tuple[np.ndarray, str]:
    """The plate with (left, right) and (top, bottom) margins, shares of its box, resized to size (width, height)."""
    bx, by, bw, bh = plate.box
    box = (bx - bw * margins_x[0], by - bh * margins_y[0],
           bw * (1 + margins_x[0] + margins_x[1]), bh * (1 + margins_y[0] + margins_y[1]))
    x, y, w, h = clamp_box(box, plate.region.shape[1], plate.region.shape[0])
    crop = as_read(plate.region[y:y + h, x:x + w], plate.rows, two_row)
    return cv2.resize(crop, size, interpolation=cv2.INTER_AREA), plate.text
