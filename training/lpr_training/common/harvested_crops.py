"""Folders of harvested plate crops (e.g. cut from labelled video clips by cli/harvest_clip_crops): PNG crops plus a
labels.csv of `file,text,clip,frame`. A crop belongs to its clip's split (common/splits.py on the clip's name), never
its own file name's: frames of one clip must never end up on both sides of the split."""
import csv
from dataclasses import dataclass
from pathlib import Path

from .splits import split_of

LABELS = "labels.csv"
FIELDS = ("file", "text", "clip", "frame")


@dataclass(frozen=True)
class HarvestedCrop:
    file: str   # relative to the folder
    text: str
    clip: str   # the source clip (path relative to the shared data folder)
    frame: int

    @property
    def split(self) -> str:
        return split_of(self.clip)


def is_harvested(folder: Path) -> bool:
    labels = folder / LABELS
    if not labels.is_file():
        return False
    with open(labels, encoding="utf-8", newline="") as f:
        return tuple(next(csv.reader(f), [])) == FIELDS


def read_harvested(folder: Path) -> list[HarvestedCrop]:
    with open(folder / LABELS, encoding="utf-8", newline="") as f:
        return [HarvestedCrop(row["file"], row["text"], row["clip"], int(row["frame"])) for row in csv.DictReader(f)]


def write_harvested(folder: Path, crops: list[HarvestedCrop]) -> None:
    with open(folder / LABELS, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(FIELDS)
        for crop in crops:
            writer.writerow((crop.file, crop.text, crop.clip, crop.frame))
