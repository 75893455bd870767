"""The team-wide deterministic train/validation split of real images, decided by a hash of the file stem."""
import hashlib
from pathlib import Path

VALIDATION_TENTHS = 3  # 30% of the real images are validation


def is_validation(stem: str) -> bool:
    """True when the image with this file stem (name without extension) belongs to the validation split."""
    return int(hashlib.sha1(stem.encode("utf-8")).hexdigest()[:8], 16) % 10 < VALIDATION_TENTHS


def split_of(path: Path | str) -> str:
    """'val' or 'train' for an image path."""
    return "val" if is_validation(Path(path).stem) else "train"
