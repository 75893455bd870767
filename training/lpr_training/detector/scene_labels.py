"""Labelled scene photos (plate boxes x, y, w, h) read in place from the shared data folder."""
import csv
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from ..common.paths import SHARED_DATA
from ..common.splits import split_of

Box = tuple[float, float, float, float]  # x, y, w, h in pixels


@dataclass(frozen=True)
class LabelledScene:
    path: Path
    boxes: tuple[Box, ...]

    def load_gray(self) -> np.ndarray:
        return read_gray(self.path)


def read_gray(path: Path) -> np.ndarray:
    # imdecode rather than imread: file names may be non-ASCII.
    image = cv2.imdecode(np.fromfile(str(path), np.uint8), cv2.IMREAD_GRAYSCALE)
    if image is None:
        raise OSError(f"cannot read image {path}")
    return image


def _ccpd_csv(path: Path) -> list[LabelledScene]:
    """CCPD labels.csv: one row per plate (image, plate, x, y, w, h, corners)."""
    boxes: dict[str, list[Box]] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            boxes.setdefault(row["image"], []).append(tuple(float(row[k]) for k in ("x", "y", "w", "h")))
    return [LabelledScene(path.parent / name, tuple(b)) for name, b in sorted(boxes.items())]


def _openalpr_folder(folder: Path) -> list[LabelledScene]:
    """openalpr benchmark folder: <name>.txt next to each photo holds `file x y w h PLATE` (tab-separated)."""
    scenes = []
    for label in sorted(folder.glob("*.txt")):
        rows = [line.split("\t") for line in label.read_text(encoding="utf-8").splitlines() if line.strip()]
        boxes = tuple(tuple(float(v) for v in row[1:5]) for row in rows)
        scenes.append(LabelledScene(folder / rows[0][0], boxes))
    return scenes


READERS = {"ccpd-csv": _ccpd_csv, "openalpr": _openalpr_folder}


def load_scene_set(spec: dict, split: str = "all") -> list[LabelledScene]:
    """Scenes of one configured set ({format, path} under SHARED_DATA) in split 'train', 'val' or 'all'."""
    path = SHARED_DATA / spec["path"]
    if not path.exists():
        raise FileNotFoundError(f"labelled scenes {path} are missing (set LPR_SHARED_DATA?)")
    scenes = READERS[spec["format"]](path)
    return [s for s in scenes if split == "all" or split_of(s.path) == split]
