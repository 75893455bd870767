"""Labelled scene photos (plate boxes x, y, w, h and, where known, the plate text), read in place.

Formats of a scene set ({format, path} in a config; `path` as common.real_crops.source_folder reads it):
- ccpd-csv: CCPD's labels.csv, one row per plate (image, plate, x, y, w, h, corners), photos beside it;
- openalpr: a folder with `<name>.txt` next to each photo: `file x y w h PLATE` (tab-separated);
- labels-csv: the project's own labels (training/labels/*.csv), one row per plate (image, plate, x, y, w, h, style,
  rows), `image` relative to the shared data folder; plate `?` = boxed but unreadable. A set may keep only plates
  of some rows count (`rows: 1`, e.g. for a one-row detector window) or of some styles (`styles: [blue, yellow]`).
"""
import csv
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from .paths import REPO_ROOT, SHARED_DATA
from .splits import split_of

Box = tuple[float, float, float, float]  # x, y, w, h in pixels
REPO_PREFIX = "repo:"
UNREADABLE = "?"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png"}  # compared lower-cased


@dataclass(frozen=True)
class LabelledScene:
    path: Path
    boxes: tuple[Box, ...]
    texts: tuple[str | None, ...]  # per box; None where the label gives no readable text
    rows: tuple[int, ...]          # per box: 1 or 2 rows of characters (1 where the format does not say)

    def load_gray(self) -> np.ndarray:
        return read_gray(self.path)


def read_gray(path: Path) -> np.ndarray:
    return _read(path, cv2.IMREAD_GRAYSCALE)


def read_bgr(path: Path) -> np.ndarray:
    return _read(path, cv2.IMREAD_COLOR)


def _read(path: Path, flags: int) -> np.ndarray:
    # imdecode rather than imread: file names may be non-ASCII.
    image = cv2.imdecode(np.fromfile(str(path), np.uint8), flags)
    if image is None:
        raise OSError(f"cannot read image {path}")
    return image


def source_path(source: str) -> Path:
    """`repo:<path>` under the repository root, anything else under the shared data folder."""
    if source.startswith(REPO_PREFIX):
        return REPO_ROOT / source[len(REPO_PREFIX):]
    return SHARED_DATA / source


def _grouped(plates: list[tuple[Path, Box, str | None, int]]) -> list[LabelledScene]:
    """One scene per photo from (photo, box, text, rows) rows."""
    scenes: dict[Path, list[tuple[Box, str | None, int]]] = {}
    for path, box, text, rows in plates:
        scenes.setdefault(path, []).append((box, text, rows))
    return [LabelledScene(path, *(tuple(column) for column in zip(*plates))) for path, plates in sorted(scenes.items())]


def _box(row: dict) -> Box:
    return tuple(float(row[k]) for k in ("x", "y", "w", "h"))


def _ccpd_csv(path: Path, _spec: dict) -> list[LabelledScene]:
    with open(path, encoding="utf-8", newline="") as f:
        return _grouped([(path.parent / row["image"], _box(row), row["plate"], 1) for row in csv.DictReader(f)])


def _labels_csv(path: Path, spec: dict) -> list[LabelledScene]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = [row for row in csv.DictReader(f)
                if ("rows" not in spec or int(row["rows"]) == spec["rows"])
                and ("styles" not in spec or row["style"] in spec["styles"])]
    return _grouped([(SHARED_DATA / row["image"], _box(row), None if row["plate"] == UNREADABLE else row["plate"],
                      int(row["rows"])) for row in rows])


def _openalpr_folder(folder: Path, _spec: dict) -> list[LabelledScene]:
    rows = []
    for label in sorted(folder.glob("*.txt")):
        for line in label.read_text(encoding="utf-8").splitlines():
            fields = line.strip().split("\t")
            if len(fields) >= 6:
                rows.append((folder / fields[0], tuple(float(v) for v in fields[1:5]), fields[5], 1))
    return _grouped(rows)


READERS = {"ccpd-csv": _ccpd_csv, "openalpr": _openalpr_folder, "labels-csv": _labels_csv}


def is_openalpr_folder(folder: Path) -> bool:
    """A label file beside a photo of the same name (a LICENSE.txt next to text-named crops is not one)."""
    photo_stems = {p.stem for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES}
    return any(label.stem in photo_stems for label in folder.glob("*.txt"))


def load_scene_set(spec: dict, split: str = "all") -> list[LabelledScene]:
    """Scenes of one configured set ({format, path}) in split 'train', 'val' or 'all' (by photo)."""
    path = source_path(spec["path"])
    if not path.exists():
        raise FileNotFoundError(f"labelled scenes {path} are missing (set LPR_SHARED_DATA?)")
    scenes = READERS[spec["format"]](path, spec)
    return [s for s in scenes if split == "all" or split_of(s.path) == split]
