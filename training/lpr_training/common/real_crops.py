"""Labelled real plate crops, read in place. A source is one of: a folder of crops named by their text; an
openalpr-labelled folder of photos or a project labels CSV (common/scene_labels.py), cut at each labelled box; or
harvested crops with a labels.csv (common/harvested_crops.py, split by their source clip).

Source names: a plain path is relative to the shared data folder (`eu/scenes` -> ../shared/data/eu/scenes); one
written `repo:<path>` is relative to the repository root (`repo:training/labels/cn-scenes.csv`, or
`repo:training/cache/clip-crops/eu`, a gitignored cache that a harvest command makes). The recognizer config's
`real_crops` is one source or a list of them."""
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from .boxes import padded_crop
from .country import Country
from .harvested_crops import is_harvested, read_harvested
from .scene_labels import IMAGE_SUFFIXES, REPO_PREFIX, is_openalpr_folder, load_scene_set, read_bgr, source_path
from .splits import split_of
from .two_row import as_read, two_row_geometry


@dataclass
class RealCrops:
    images: np.ndarray  # uint8 [N, H, W, 3] RGB
    texts: list[str]
    paths: list[Path]


def sources_of(value: str | list[str] | None) -> list[str]:
    """The config's `real_crops`: one source (a string, as older run configs have it), a list, or none."""
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)


def _existing(source: str) -> Path:
    root = source_path(source)
    if not root.exists():
        hint = ("made by a harvest command, see training/README.md" if source.startswith(REPO_PREFIX)
                else "set LPR_SHARED_DATA?")
        raise FileNotFoundError(f"real crops {root} ({source}) are missing ({hint})")
    return root


def list_crops(folder: str, country: Country, split: str) -> list[Path]:
    """Text-named crops of a source in the given split ('train', 'val' or 'all') whose text fits the charset."""
    root = _existing(folder)
    paths = sorted(p for p in root.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    usable = [p for p in paths if all(c in country.charset for c in p.stem)]
    return [p for p in usable if split == "all" or split_of(p) == split]


def _read_resized(paths: list[Path], size: tuple[int, int]) -> np.ndarray:
    images = np.zeros((len(paths), size[1], size[0], 3), np.uint8)
    for i, path in enumerate(paths):
        bgr = cv2.imdecode(np.fromfile(str(path), np.uint8), cv2.IMREAD_COLOR)  # imdecode: non-ASCII names
        images[i] = cv2.cvtColor(cv2.resize(bgr, size, interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2RGB)
    return images


def load_real_crops(sources: str | list[str] | None, country: Country, split: str,
                    size: tuple[int, int] = (94, 24), padding: tuple[float, float] | None = None) -> RealCrops:
    """The crops of every source (see sources_of) in the split, concatenated in source order. padding: margin per
    side (x, y) around labelled boxes in photos (default the country's crop padding)."""
    parts = [load_crops(source, country, split, size, padding) for source in sources_of(sources)]
    images = np.concatenate([p.images for p in parts]) if parts else np.zeros((0, size[1], size[0], 3), np.uint8)
    return RealCrops(images, [t for p in parts for t in p.texts], [q for p in parts for q in p.paths])


def load_crops(folder: str, country: Country, split: str, size: tuple[int, int] = (94, 24),
               padding: tuple[float, float] | None = None) -> RealCrops:
    """Load one source's crops resized to size (width, height) as RGB uint8."""
    root = _existing(folder)
    if root.suffix == ".csv":
        return load_scene_crops({"format": "labels-csv", "path": folder}, country, split, size, padding)
    if is_harvested(root):
        return load_harvested_crops(root, country, split, size)
    if is_openalpr_folder(root):
        return load_scene_crops({"format": "openalpr", "path": folder}, country, split, size, padding)
    paths = list_crops(folder, country, split)
    return RealCrops(_read_resized(paths, size), [p.stem for p in paths], paths)


def load_harvested_crops(root: Path, country: Country, split: str, size: tuple[int, int] = (94, 24)) -> RealCrops:
    """Harvested crops (labels.csv) in the split of their source clip whose text fits the charset."""
    crops = [c for c in read_harvested(root)
             if (split == "all" or c.split == split) and all(ch in country.charset for ch in c.text)]
    paths = [root / c.file for c in crops]
    return RealCrops(_read_resized(paths, size), [c.text for c in crops], paths)


def load_scene_crops(scene_set: dict, country: Country, split: str, size: tuple[int, int] = (94, 24),
                     padding: tuple[float, float] | None = None) -> RealCrops:
    """Plates cut from labelled photos at the labelled box plus padding (default the country's crop padding, as the
    runtime pads a detection); split by photo. Unreadable labels and texts outside the charset are skipped. Plates
    labelled two-row are set side by side (common/two_row.py), the layout the runtime also tries for them."""
    pad_x, pad_y = padding or country.plate.get("cropPadding", (0.06, 0.12))
    two_row = two_row_geometry(country)
    images, texts, paths = [], [], []
    for scene in load_scene_set(scene_set, split):
        plates = [(box, text, rows) for box, text, rows in zip(scene.boxes, scene.texts, scene.rows)
                  if text and all(c in country.charset for c in text)]
        if not plates:
            continue
        bgr = read_bgr(scene.path)
        for box, text, rows in plates:
            crop = as_read(padded_crop(bgr, box, (pad_x, pad_y)), rows, two_row)
            crop = cv2.resize(crop, size, interpolation=cv2.INTER_AREA)
            images.append(cv2.cvtColor(crop, cv2.COLOR_BGR2RGB))
            texts.append(text)
            paths.append(scene.path)
    stacked = np.stack(images) if images else np.zeros((0, size[1], size[0], 3), np.uint8)
    return RealCrops(stacked, texts, paths)
