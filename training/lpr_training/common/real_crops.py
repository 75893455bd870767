"""Labelled real plate crops read in place from the shared data folder: either crops named by their text, or
plates cut from openalpr-labelled photos (a `<name>.txt` per photo: file, x, y, w, h, plate; tab-separated)."""
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


def _is_labelled_scenes(root: Path) -> bool:
    return any(root.glob("*.txt"))


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
    if _is_labelled_scenes(SHARED_DATA / folder):
        return load_scene_crops(folder, country, split, size)
    paths = list_crops(folder, country, split)
    images = np.zeros((len(paths), size[1], size[0], 3), np.uint8)
    for i, path in enumerate(paths):
        bgr = cv2.imdecode(np.fromfile(str(path), np.uint8), cv2.IMREAD_COLOR)  # imdecode: non-ASCII names
        images[i] = cv2.cvtColor(cv2.resize(bgr, size, interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2RGB)
    return RealCrops(images, [p.stem for p in paths], paths)


def load_scene_crops(folder: str, country: Country, split: str, size: tuple[int, int] = (94, 24)) -> RealCrops:
    """Plates cut from labelled photos at the labelled box plus the country's crop padding, as the runtime pads a
    detection; split by photo. Labels whose text falls outside the charset are skipped."""
    root = SHARED_DATA / folder
    pad_x, pad_y = country.plate.get("cropPadding", (0.06, 0.12))
    images, texts, paths = [], [], []
    for label in sorted(root.glob("*.txt")):
        for line in label.read_text(encoding="utf-8").splitlines():
            fields = line.strip().split("\t")
            if len(fields) < 6 or not all(c in country.charset for c in fields[5]):
                continue
            path = root / fields[0]
            if split != "all" and split_of(path) != split:
                continue
            x, y, w, h = (float(v) for v in fields[1:5])
            bgr = cv2.imdecode(np.fromfile(str(path), np.uint8), cv2.IMREAD_COLOR)
            x0, y0 = max(0, round(x - pad_x * w)), max(0, round(y - pad_y * h))
            x1, y1 = min(bgr.shape[1], round(x + w + pad_x * w)), min(bgr.shape[0], round(y + h + pad_y * h))
            crop = cv2.resize(bgr[y0:y1, x0:x1], size, interpolation=cv2.INTER_AREA)
            images.append(cv2.cvtColor(crop, cv2.COLOR_BGR2RGB))
            texts.append(fields[5])
            paths.append(path)
    stacked = np.stack(images) if images else np.zeros((0, size[1], size[0], 3), np.uint8)
    return RealCrops(stacked, texts, paths)
