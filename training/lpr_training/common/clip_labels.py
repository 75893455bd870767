"""Labelled video clips: a folder of clips with a labels.csv of `clip,plate` rows (one row per plate a clip shows,
the plate as printed, e.g. with dashes), and which clips may give recognizer training crops."""
import csv
from dataclasses import dataclass
from pathlib import Path

from .country import Country
from .splits import split_of

LABELS = "labels.csv"


@dataclass(frozen=True)
class LabelledClip:
    path: Path
    plates: tuple[str, ...]  # texts as the recognizer reads them: no dashes or spaces

    @property
    def split(self) -> str:
        return split_of(self.path)


def plate_text(printed: str) -> str:
    return printed.replace("-", "").replace(" ", "").upper()


def is_clip_folder(folder: Path) -> bool:
    labels = folder / LABELS
    if not labels.is_file():
        return False
    with open(labels, encoding="utf-8", newline="") as f:
        return next(csv.reader(f), [])[:2] == ["clip", "plate"]


def read_clip_labels(folder: Path) -> list[LabelledClip]:
    plates: dict[str, list[str]] = {}
    with open(folder / LABELS, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            plates.setdefault(row["clip"], []).append(plate_text(row["plate"]))
    return [LabelledClip(folder / name, tuple(texts)) for name, texts in sorted(plates.items())]


def skip_reason(clip: LabelledClip, country: Country) -> str | None:
    """Why a clip cannot give training crops, or None when it can: only train-split clips showing exactly one
    labelled plate (with two, nothing tells which detection is which), in the country's charset, on disk."""
    if clip.split != "train":
        return "val split (never trained on)"
    if len(clip.plates) != 1:
        return f"{len(clip.plates)} labelled plates (cannot tell which box is which)"
    if not all(c in country.charset for c in clip.plates[0]):
        return f"text {clip.plates[0]} outside the charset"
    if not clip.path.is_file():
        return "file missing"
    return None
