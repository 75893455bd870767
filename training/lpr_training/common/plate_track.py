"""Pick the one detection per video frame that belongs to the clip's plate track, rejecting false positives.

A clip shows one labelled plate that moves little from frame to frame (hand-held camera, parked car). Per frame the
detector returns any number of boxes, with a strength (OpenCV's neighbour count: how many raw windows a merged box
stands for). The track is the local median of each frame's strongest plausible box: a false positive that wins a
frame now and then moves the median little, one that never wins does not move it at all. Each frame keeps the
usable plausible box overlapping its local median best, if that overlap is good enough; otherwise the frame has
none. Usable is the caller's verdict on the box itself (e.g. its crop shows the whole text): an unusable box still
marks where the track is, so false positives that pass that check where the plate does not cannot pull it away.
"""
from dataclasses import dataclass

import numpy as np

from .boxes import Box, iou


@dataclass(frozen=True)
class Detection:
    box: Box
    strength: float      # e.g. detectMultiScale2's numDetections
    usable: bool = True  # may be kept (it still counts for the track when not)


@dataclass(frozen=True)
class TrackParams:
    aspect: tuple[float, float] = (3.0, 6.0)  # width / height of a plausible plate box
    radius: int = 4                           # frames each side whose strongest boxes give the local median
    min_iou: float = 0.5                      # overlap with the local median a kept box needs


def plausible(box: Box, aspect: tuple[float, float]) -> bool:
    return box[3] > 0 and aspect[0] <= box[2] / box[3] <= aspect[1]


def strongest(frames: list[list[Detection]], aspect: tuple[float, float]) -> list[Box | None]:
    """Each frame's strongest plausible box (None when it has none)."""
    best = []
    for detections in frames:
        candidates = [d for d in detections if plausible(d.box, aspect)]
        best.append(max(candidates, key=lambda d: d.strength).box if candidates else None)
    return best


def local_medians(boxes: list[Box | None], radius: int) -> list[Box | None]:
    """Coordinate-wise median of the boxes within `radius` frames of each frame (None where there are none)."""
    medians = []
    for i in range(len(boxes)):
        near = [b for b in boxes[max(0, i - radius): i + radius + 1] if b is not None]
        medians.append(tuple(float(v) for v in np.median(np.array(near, float), axis=0)) if near else None)
    return medians


def choose_track(frames: list[list[Detection]], params: TrackParams = TrackParams()) -> list[Box | None]:
    """Per frame, the usable plausible detection that best overlaps the local median of the strongest boxes (usable
    or not), or None."""
    medians = local_medians(strongest(frames, params.aspect), params.radius)
    chosen = []
    for detections, median in zip(frames, medians):
        candidates = [d.box for d in detections if d.usable and plausible(d.box, params.aspect)]
        if median is None or not candidates:
            chosen.append(None)
            continue
        overlap, box = max(((iou(b, median), b) for b in candidates), key=lambda pair: pair[0])
        chosen.append(box if overlap >= params.min_iou else None)
    return chosen
