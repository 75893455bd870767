"""Labelled real plate crops (file stem = plate text) read in place from the shared data folder."""
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from .country import Country
from .paths import SHARED_DATA
from .splits import split_of

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png"}


@dataclass
class RealCrops:
    images: np.ndarray  # uint8 [N, H, W, 3] RGB
    texts: list[str]
    paths: list[Path]


def list_crops(folder: str, country: Country, split: str) -> list[Path]:
    """Crops under SHARED_DATA/<folder> in the given split ('train', 'val' or 'all') whose text fits the charset."""
    root = SHARED_DATA / folder
    if not root.is_dir():
        raise FileNotFoundError(f"real crops folder {root} is missing (set LPR_SHARED_DATA?)")
    paths = sorted(p for p in root.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    usable = [p for p in paths if all(c in country.charset for c in p.stem)]
    return [p for p in usable if split == "all" or split_of(p) == split]


def load_crops(folder: str, country: Country, split: str, size: tuple[int, int] = (94, 24)) -> RealCrops:
    """Load crops resized to size (width, height) as RGB uint8."""
    paths = list_crops(folder, country, split)
    images = np.zeros((len(paths), size[1], size[0], 3), np.uint8)
    for i, path in enumerate(paths):
        bgr = cv2.imdecode(np.fromfile(str(path), np.uint8), cv2.IMREAD_COLOR)  # imdecode: non-ASCII names
        images[i] = cv2.cvtColor(cv2.resize(bgr, size, interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2RGB)
    return RealCrops(images, [p.stem for p in paths], paths)
