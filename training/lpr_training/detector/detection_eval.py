"""Detector evaluation on labelled scenes with native OpenCV: recall, precision, false positives per image, speed."""
import time
from dataclasses import dataclass

import cv2
import numpy as np

from ..common.boxes import iou
from ..common.scene_labels import Box, LabelledScene


@dataclass(frozen=True)
class DetectionParams:
    scale_factor: float
    min_neighbors: int
    max_width_fraction: float

    def detect(self, detector: cv2.CascadeClassifier, gray: np.ndarray, window: tuple[int, int]) -> np.ndarray:
        """Plate boxes int [N, 4] (x, y, w, h), as the runtime (packages/detect) calls detectMultiScale when the
        smallest plate is the window width: minSize = window, maxSize = (max plate width, image height)."""
        max_w = int(gray.shape[1] * self.max_width_fraction)
        rects = detector.detectMultiScale(
            gray, scaleFactor=self.scale_factor, minNeighbors=self.min_neighbors,
            minSize=window, maxSize=(max_w, gray.shape[0]))
        return np.asarray(rects, int).reshape(-1, 4)


def matched(detections: np.ndarray, truths: tuple[Box, ...], threshold: float) -> tuple[set[int], set[int]]:
    """Indices of the detections and of the truths that pair up: greedy one-to-one matching, best IoU first."""
    pairs = sorted(((iou(tuple(d), t), di, ti) for di, d in enumerate(detections) for ti, t in enumerate(truths)),
                   reverse=True)
    used_d, used_t = set(), set()
    for overlap, di, ti in pairs:
        if overlap >= threshold and di not in used_d and ti not in used_t:
            used_d.add(di)
            used_t.add(ti)
    return used_d, used_t


def match(detections: np.ndarray, truths: tuple[Box, ...], threshold: float) -> tuple[int, int]:
    """(true positives, false positives), as `matched` pairs them."""
    used_d, used_t = matched(detections, truths, threshold)
    return len(used_t), len(detections) - len(used_d)


def evaluate(detector: cv2.CascadeClassifier, window: tuple[int, int], scenes: list[LabelledScene],
             params: DetectionParams, iou_threshold: float, plates_are_targets: bool = True) -> dict:
    """Metrics over the scenes. With plates_are_targets=False (foreign plates) only false positives are counted:
    detections overlapping a labelled plate are neither rewarded nor punished."""
    true_pos = false_pos = plates = 0
    seconds = 0.0
    per_image = []
    for scene in scenes:
        gray = scene.load_gray()
        started = time.perf_counter()
        detections = params.detect(detector, gray, window)
        seconds += time.perf_counter() - started
        found, wrong = match(detections, scene.boxes, iou_threshold)
        if not plates_are_targets:
            wrong = sum(all(iou(tuple(d), t) == 0 for t in scene.boxes) for d in detections)
            found = 0
        true_pos, false_pos, plates = true_pos + found, false_pos + wrong, plates + len(scene.boxes)
        per_image.append({"image": scene.path.name, "plates": len(scene.boxes), "found": found, "false": wrong})
    result = {
        "images": len(scenes),
        "false_positives_per_image": round(false_pos / max(1, len(scenes)), 3),
        "ms_per_image": round(1000 * seconds / max(1, len(scenes)), 1),
    }
    if plates_are_targets:
        result |= {
            "plates": plates,
            "recall": round(true_pos / max(1, plates), 4),
            "precision": round(true_pos / max(1, true_pos + false_pos), 4),
            "per_image": per_image,
        }
    return result
