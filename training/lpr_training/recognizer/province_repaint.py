"""Repaint a real crop's province character with another province, drawn from the plate fonts.

The real crops are 96% Anhui (皖), so real-looking plates teach the model "皖": it read real 新, 川, 闽 and 粤 plates
as 皖 while reading those provinces on synthetic plates. ProvinceSwap can only move the few provinces the real crops
have; a repaint gives a real crop any province, uniformly. In the crop's left strip (where every crop of a set has its
first character), pixels are split into plate and ink by luminance (2-means), the ink's bounding box is filled with
the plate colour, and the new character is drawn there in the ink colour, softened to the crop's own blur.
"""
import cv2
import numpy as np

from ..synth.fonts import faces_for, glyph_mask


def _two_means(values: np.ndarray, iterations: int = 8) -> tuple[float, float]:
    low, high = np.percentile(values, 20), np.percentile(values, 80)
    for _ in range(iterations):
        split = (low + high) / 2
        if not (values < split).any() or not (values >= split).any():
            break
        low, high = values[values < split].mean(), values[values >= split].mean()
    return float(low), float(high)


def ink_layout(strip: np.ndarray) -> tuple[np.ndarray, np.ndarray, tuple[int, int, int, int]] | None:
    """(plate colour, ink colour, ink box x, y, w, h) of an RGB strip holding one character, or None when the strip
    has no clear two-tone character. The ink is the minority tone (light on blue plates, dark on yellow ones)."""
    luminance = strip.astype(np.float32) @ np.array([0.299, 0.587, 0.114], np.float32)
    low, high = _two_means(luminance.ravel())
    if high - low < 25:
        return None
    bright = luminance >= (low + high) / 2
    light_ink = bright.mean() < 0.5
    ink = bright if light_ink else ~bright
    # A character's rows and columns are part ink; rows that are all "ink" are the surroundings of the plate (a
    # light car body above a blue plate), so the character is the longest run of partly inked rows, then columns.
    rows = _longest_run((ink.mean(axis=1) > 0.1) & (ink.mean(axis=1) < 0.8))
    if rows is None or rows[1] - rows[0] < strip.shape[0] // 3:
        return None
    band = ink[rows[0]: rows[1]]
    cols = _longest_run(band.mean(axis=0) > 0.1)
    if cols is None or cols[1] - cols[0] < 3:
        return None
    ink = np.zeros_like(ink)
    ink[rows[0]: rows[1], cols[0]: cols[1]] = band[:, cols[0]: cols[1]]
    inside = np.zeros_like(ink)
    inside[rows[0]: rows[1], cols[0]: cols[1]] = True
    plate_colour = np.median(strip[inside & ~ink], axis=0)
    # The strongest ink, not its median: a small character's edge pixels are half plate colour.
    ink_luminance = luminance[ink]
    strongest = ink_luminance >= np.percentile(ink_luminance, 60) if light_ink else \
        ink_luminance <= np.percentile(ink_luminance, 40)
    ink_colour = np.median(strip[ink][strongest], axis=0)
    return plate_colour, ink_colour, (cols[0], rows[0], cols[1] - cols[0], rows[1] - rows[0])


def _longest_run(flags: np.ndarray) -> tuple[int, int] | None:
    """[start, end) of the longest run of True, or None."""
    best, start = None, None
    for i, flag in enumerate(np.append(flags, False)):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if best is None or i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    return best


def repaint_character(rng: np.random.Generator, crop: np.ndarray, strip_width: int, char: str) -> np.ndarray | None:
    """The crop with the character in its left strip replaced by char, or None when no character is found there."""
    layout = ink_layout(crop[:, :strip_width])
    if layout is None:
        return None
    plate_colour, ink_colour, (x, y, w, h) = layout
    faces = faces_for(char)
    mask = glyph_mask(faces[rng.integers(len(faces))], char)
    coverage = cv2.resize(mask, (w, h), interpolation=cv2.INTER_AREA)
    coverage = cv2.GaussianBlur(coverage, (0, 0), rng.uniform(0.3, 0.8))[..., None]
    out = crop.astype(np.float32)
    # Clear one pixel more on each side: the old character's faint edges would otherwise remain.
    x0, y0 = max(0, x - 1), max(0, y - 1)
    clear = out[y0: y + h + 1, x0: min(strip_width, x + w + 1)]
    clear[:] = plate_colour + rng.normal(0, 3, clear.shape)
    region = out[y: y + h, x: x + w]
    region[:] = region * (1 - coverage) + ink_colour * coverage
    return np.clip(out, 0, 255).astype(np.uint8)


class ProvinceRepaint:
    """With probability `probability`, relabel a real crop with a uniformly drawn province and repaint it."""

    def __init__(self, provinces: str, probability: float, width: float):
        self.provinces = provinces
        self.probability = probability
        self.width = width

    def __call__(self, rng: np.random.Generator, image: np.ndarray, text: str) -> tuple[np.ndarray, str]:
        if not self.provinces or text[0] not in self.provinces or rng.random() >= self.probability:
            return image, text
        province = self.provinces[rng.integers(len(self.provinces))]
        repainted = repaint_character(rng, image, round(image.shape[1] * self.width), province)
        return (image, text) if repainted is None else (repainted, province + text[1:])
