"""Labelled real plate crops, read in place. A source is a folder, in one of three formats: crops named by their
text; openalpr-labelled photos (a `<name>.txt` per photo: file, x, y, w, h, plate; tab-separated), cut at the
labelled box; or harvested crops with a labels.csv (common/harvested_crops.py, split by their source clip).

Source names: a plain path is relative to the shared data folder (`eu/scenes` -> ../shared/data/eu/scenes); one
written `repo:<path>` is relative to the repository root (`repo:training/cache/clip-crops/eu`, a gitignored cache
that a harvest command makes). The recognizer config's `real_crops` is one source or a list of them."""
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from .boxes import padded_crop
from .country import Country
from .harvested_crops import is_harvested, read_harvested
from .paths import REPO_ROOT, SHARED_DATA
from .splits import split_of

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png"}


@dataclass
class RealCrops:
    images: np.ndarray  # uint8 [N, H, W, 3] RGB
    texts: list[str]
    paths: list[Path]


REPO_PREFIX = "repo:"


def source_folder(source: str) -> Path:
    """The folder a source names: `repo:<path>` under the repository root, anything else under the shared data."""
    if source.startswith(REPO_PREFIX):
        return REPO_ROOT / source[len(REPO_PREFIX):]
    return SHARED_DATA / source


def sources_of(value: str | list[str] | None) -> list[str]:
    """The config's `real_crops`: one source (a string, as older run configs have it), a list, or none."""
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)


def _existing(source: str) -> Path:
    root = source_folder(source)
    if not root.is_dir():
        hint = ("made by a harvest command, see training/README.md" if source.startswith(REPO_PREFIX)
                else "set LPR_SHARED_DATA?")
        raise FileNotFoundError(f"real crops folder {root} ({source}) is missing ({hint})")
    return root


def _is_labelled_scenes(root: Path) -> bool:
    """A label file beside a photo of the same name (a LICENSE.txt next to text-named crops is not one)."""
    return any(label.with_suffix(suffix).is_file() for label in root.glob("*.txt")
               for suffix in IMAGE_SUFFIXES | {s.upper() for s in IMAGE_SUFFIXES})


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
                    size: tuple[int, int] = (94, 24)) -> RealCrops:
    """The crops of every source (see sources_of) in the split, concatenated in source order."""
    parts = [load_crops(source, country, split, size) for source in sources_of(sources)]
    images = np.concatenate([p.images for p in parts]) if parts else np.zeros((0, size[1], size[0], 3), np.uint8)
    return RealCrops(images, [t for p in parts for t in p.texts], [q for p in parts for q in p.paths])


def load_crops(folder: str, country: Country, split: str, size: tuple[int, int] = (94, 24)) -> RealCrops:
    """Load one source's crops resized to size (width, height) as RGB uint8."""
    root = _existing(folder)
    if is_harvested(root):
        return load_harvested_crops(root, country, split, size)
    if _is_labelled_scenes(root):
        return load_scene_crops(folder, country, split, size)
    paths = list_crops(folder, country, split)
    return RealCrops(_read_resized(paths, size), [p.stem for p in paths], paths)


def load_harvested_crops(root: Path, country: Country, split: str, size: tuple[int, int] = (94, 24)) -> RealCrops:
    """Harvested crops (labels.csv) in the split of their source clip whose text fits the charset."""
    crops = [c for c in read_harvested(root)
             if (split == "all" or c.split == split) and all(ch in country.charset for ch in c.text)]
    paths = [root / c.file for c in crops]
    return RealCrops(_read_resized(paths, size), [c.text for c in crops], paths)


def load_scene_crops(folder: str, country: Country, split: str, size: tuple[int, int] = (94, 24)) -> RealCrops:
    """Plates cut from labelled photos at the labelled box plus the country's crop padding, as the runtime pads a
    detection; split by photo. Labels whose text falls outside the charset are skipped."""
    root = _existing(folder)
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
            box = tuple(float(v) for v in fields[1:5])
            bgr = cv2.imdecode(np.fromfile(str(path), np.uint8), cv2.IMREAD_COLOR)
            crop = cv2.resize(padded_crop(bgr, box, (pad_x, pad_y)), size, interpolation=cv2.INTER_AREA)
            images.append(cv2.cvtColor(crop, cv2.COLOR_BGR2RGB))
            texts.append(fields[5])
            paths.append(path)
    stacked = np.stack(images) if images else np.zeros((0, size[1], size[0], 3), np.uint8)
    return RealCrops(stacked, texts, paths)
