"""Cut recognizer training crops from labelled video clips: detect plates with an LBP cascade in every Nth frame,
keep per frame the one box on the clip's plate track (common/plate_track.py) among those whose padded crop shows the
label's whole text (common/plate_glyphs.py), and crop it padded as the runtime does (plate.cropPadding), at full
resolution."""
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import cv2
import numpy as np

from .boxes import Box, padded_crop
from .clip_labels import LabelledClip
from .plate_glyphs import count_glyphs, fits_text
from .plate_track import Detection, TrackParams, choose_track


@dataclass(frozen=True)
class HarvestParams:
    scale_factor: float
    min_neighbors: int
    min_width: int                     # smallest plate searched for (the country's plate.minWidthPx)
    padding: tuple[float, float]       # plate.cropPadding (x, y)
    every: int = 2                     # detect in frames 0, every, 2 * every, ...
    min_frames: int = 3                # a clip whose track holds fewer boxes gives nothing
    check_glyphs: bool = True          # drop boxes whose crop does not show the label's whole text
    track: TrackParams = field(default_factory=TrackParams)


@dataclass
class ClipResult:
    clip: LabelledClip
    frames: list[int]                  # the frames searched
    detections: list[int]              # boxes found per searched frame
    whole_text: list[int]              # of those, boxes whose crop shows the label's whole text
    boxes: list[Box | None]            # the kept box per searched frame
    crops: list[np.ndarray]            # BGR crops of the kept boxes, in frame order
    seconds: float

    @property
    def kept(self) -> list[tuple[int, Box]]:
        return [(f, b) for f, b in zip(self.frames, self.boxes) if b is not None]


def read_frames(path: Path) -> list[np.ndarray]:
    capture = cv2.VideoCapture(str(path))
    frames = []
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        frames.append(frame)
    capture.release()
    return frames


def detect(detector: cv2.CascadeClassifier, gray: np.ndarray, params: HarvestParams) -> list[Detection]:
    """All merged detections with their neighbour counts. minSize is the smallest plate (its height from the
    cascade window's aspect); no maxSize limit: close-ups wider than the runtime's scan limit are still plates."""
    window_w, window_h = detector.getOriginalWindowSize()
    min_size = (params.min_width, max(window_h, round(params.min_width * window_h / window_w)))
    rects, neighbours = detector.detectMultiScale2(gray, scaleFactor=params.scale_factor,
                                                   minNeighbors=params.min_neighbors, minSize=min_size)
    return [Detection(tuple(float(v) for v in r), float(n)) for r, n in zip(rects, neighbours)]


def harvest_clip(clip: LabelledClip, detector: cv2.CascadeClassifier, params: HarvestParams) -> ClipResult:
    started = time.time()
    frames = read_frames(clip.path)
    indices = list(range(0, len(frames), params.every))
    candidates = []
    for i in indices:
        detections = detect(detector, cv2.cvtColor(frames[i], cv2.COLOR_BGR2GRAY), params)
        if params.check_glyphs:
            detections = [replace(d, usable=fits_text(count_glyphs(frames[i], d.box, params.padding), clip.plates[0]))
                          for d in detections]
        candidates.append(detections)
    boxes = choose_track(candidates, params.track)
    if sum(b is not None for b in boxes) < params.min_frames:
        boxes = [None] * len(boxes)
    crops = [padded_crop(frames[i], b, params.padding) for i, b in zip(indices, boxes) if b is not None]
    return ClipResult(clip, indices, [len(c) for c in candidates], [sum(d.usable for d in c) for c in candidates],
                      boxes, crops, time.time() - started)
