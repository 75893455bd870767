"""Hard-negative bootstrapping: windows of plate-free photos that the cascade trained so far still accepts.

Candidates come from native cv2.CascadeClassifier.detectMultiScale on the partial cascade's XML (a fast C++ scan of
every position and scale). Each candidate is cut from the pyramid level OpenCV scanned (the image resized by the
level's float32 factor with INTER_LINEAR_EXACT), so the window is pixel-identical to what OpenCV evaluated, and our
own evaluator confirms it: a format-fidelity check on every stage. The pool is walked in a fixed shuffled order
across stages; each photo is also scanned mirrored and rescaled, which shifts the scan grid and yields new windows
once the cascade gets strict.
"""
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from .augmentation import extract_window
from .cascade_model import Cascade
from .negative_images import NegativeImage


@dataclass(frozen=True)
class MiningParams:
    scale_factor: float           # pyramid step of the mining scan (finer than the runtime's: more candidates)
    variant_scales: tuple[float, ...]  # each photo is scanned at these sizes, plain and mirrored
    max_windows_per_image: int    # keeps one busy photo from supplying a whole stage


@dataclass(frozen=True)
class MiningResult:
    windows: np.ndarray       # uint8 [N, H, W]
    images_scanned: int       # photo variants scanned in this call
    windows_scanned: int      # sliding-window positions those scans covered
    candidates: int           # windows OpenCV accepted (before the per-photo cap)
    confirmed_fraction: float  # share of sampled candidates our evaluator accepts as well

    @property
    def false_alarm_rate(self) -> float:
        """Estimated (somewhat low) false alarm rate of the cascade on this material."""
        return self.candidates / max(1, self.windows_scanned)


def windows_scanned(image_size: tuple[int, int], window: tuple[int, int], scale_factor: float) -> int:
    """Positions detectMultiScale may visit (step 2 while the scale is <= 2, else 1). An upper bound: OpenCV also
    skips the next position after a first-stage rejection, so false alarm rates derived from it are underestimates."""
    (img_w, img_h), (win_w, win_h) = image_size, window
    total, factor = 0, 1.0
    while img_w / factor >= win_w and img_h / factor >= win_h:
        step = 2 if factor <= 2 else 1
        total += ((round(img_w / factor) - win_w) // step + 1) * ((round(img_h / factor) - win_h) // step + 1)
        factor *= scale_factor
    return total


def pyramid_windows(gray: np.ndarray, rects: np.ndarray, width: int, height: int, scale_factor: float) -> np.ndarray:
    """The windows detectMultiScale evaluated for its raw detections rects int [N, 4], uint8 [N, height, width]."""
    windows = np.empty((len(rects), height, width), np.uint8)
    factor = 1.0
    while len(rects) and gray.shape[1] / factor >= width and gray.shape[0] / factor >= height:
        level = float(np.float32(factor))  # OpenCV keeps the scales as float
        at_level = np.flatnonzero((rects[:, 2] == round(width * level)) & (rects[:, 3] == round(height * level)))
        if len(at_level):
            size = (round(gray.shape[1] / level), round(gray.shape[0] / level))
            scaled = cv2.resize(gray, size, interpolation=cv2.INTER_LINEAR_EXACT)
            for i in at_level:
                x, y = round(rects[i, 0] / level), round(rects[i, 1] / level)
                windows[i] = scaled[y: y + height, x: x + width]
        factor *= scale_factor
    return windows


class NegativeMiner:
    def __init__(self, images: list[NegativeImage], width: int, height: int, params: MiningParams,
                 rng: np.random.Generator):
        self.images, self.width, self.height, self.params, self.rng = images, width, height, params, rng
        variants = [(i, mirrored, scale) for i in range(len(images)) for mirrored in (False, True)
                    for scale in params.variant_scales]
        self.variants = [variants[i] for i in rng.permutation(len(variants))]
        self.next_variant = 0

    def random_windows(self, count: int) -> np.ndarray:
        """Windows at random positions and scales, for the first stage (no cascade to mine with yet)."""
        windows = []
        while len(windows) < count:
            image = self.images[self.rng.integers(len(self.images))]
            img_h, img_w = image.gray.shape
            max_scale = min(img_w / self.width, img_h / self.height)
            if max_scale < 1:
                continue
            scale = float(np.exp(self.rng.uniform(0, np.log(max_scale))))
            w, h = self.width * scale, self.height * scale
            rect = np.array([[self.rng.uniform(0, img_w - w), self.rng.uniform(0, img_h - h), w, h]])
            if not image.on_plate(rect)[0]:
                windows.append(extract_window(image.gray, tuple(rect[0]), self.width, self.height))
        return np.stack(windows)

    def _variant_image(self, index: int, mirrored: bool, scale: float) -> tuple[np.ndarray, NegativeImage]:
        image = self.images[index]
        gray = image.gray if scale == 1.0 else cv2.resize(image.gray, None, fx=scale, fy=scale,
                                                          interpolation=cv2.INTER_AREA)
        return (gray[:, ::-1].copy() if mirrored else gray), image

    def mine(self, cascade: Cascade, cascade_xml: Path, count: int) -> MiningResult:
        """Up to `count` windows the cascade accepts; fewer when one walk over all photo variants cannot supply them."""
        detector = cv2.CascadeClassifier(str(cascade_xml))
        if detector.empty():
            raise RuntimeError(f"OpenCV cannot load {cascade_xml}")
        found: list[np.ndarray] = []
        scanned = candidates = sampled = confirmed = visited = 0
        while len(found) < count and visited < len(self.variants):
            index, mirrored, scale = self.variants[self.next_variant]
            self.next_variant = (self.next_variant + 1) % len(self.variants)
            visited += 1
            gray, image = self._variant_image(index, mirrored, scale)
            scanned += windows_scanned(gray.shape[::-1], (self.width, self.height), self.params.scale_factor)
            rects = detector.detectMultiScale(gray, scaleFactor=self.params.scale_factor, minNeighbors=0,
                                              minSize=(self.width, self.height))
            rects = np.asarray(rects, int).reshape(-1, 4)
            candidates += len(rects)
            in_original = rects.copy()
            if mirrored:
                in_original[:, 0] = gray.shape[1] - rects[:, 0] - rects[:, 2]
            rects = rects[~image.on_plate(in_original.astype(float) / scale)]
            picked = rects[self.rng.permutation(len(rects))[: self.params.max_windows_per_image]]
            if not len(picked):
                continue
            windows = pyramid_windows(gray, picked, self.width, self.height, self.params.scale_factor)
            accepted = windows[cascade.accepts(windows)]
            sampled += len(windows)
            confirmed += len(accepted)
            found.extend(accepted[: count - len(found)])
        windows = np.stack(found) if found else np.zeros((0, self.height, self.width), np.uint8)
        return MiningResult(windows, visited, scanned, candidates, confirmed / max(1, sampled))
