"""Does a crop hold a plate's whole text? Count the character-sized dark blobs in it and compare with the label.

A detection that cuts a character off (a box too narrow or shifted, or one that found only the middle of a close-up
plate) or that sits on something else (a grille, a phone number on a bus) shows a different number of whole
characters than the label has, or a character-sized blob cut by the crop's left or right edge. Only dark characters
on a light plate (EU plates: black on yellow or white, red on white); separators (dashes, dots) are too low to count,
horizontal runs longer than a character (the plate's frame, car body) are cleared first, and in colour images blue
pixels (the EU band) are never ink. Tuned by eye on eu/nl-clips (see training/README.md): it rejects good crops
rather than let cut ones through.
"""
from dataclasses import dataclass

import cv2
import numpy as np

from .boxes import Box, clamp_box, pad_box

INK = 0.4              # ink: darker than the box's dark class mean + this share of the way to its light class mean
HEIGHT = (0.35, 0.95)  # character height range, as a fraction of the box height
MAX_WIDTH = 0.2        # widest character, as a fraction of the box width
MIN_FILL = 0.15        # smallest ink share of a character's bounding box
EXTRA = 2              # blobs beyond the text allowed (emblems, a broken character)
LONG_RUN = 0.2         # horizontal ink runs longer than this share of the box width are not characters
SOLID, STROKE = 0.8, 0.04  # blobs at the crop's edge at least this solid and wider than this (of the box width) are
                           # no cut character
BLUE = 25              # pixels whose blue exceeds both green and red by this much are band, not ink (colour input)


def _clear_long_runs(ink: np.ndarray, longest: float) -> None:
    """Clear horizontal ink runs longer than any character stroke (the plate's frame, dark car body around it), which
    would otherwise join the characters touching them into one blob."""
    padded = np.pad(ink, ((0, 0), (1, 1)))
    for row, line in enumerate(padded):
        edges = np.flatnonzero(np.diff(line))
        for start, end in zip(edges[::2], edges[1::2]):
            if end - start > longest:
                ink[row, start:end] = 0


@dataclass(frozen=True)
class Glyphs:
    whole: int  # character-sized blobs inside the crop
    cut: int    # character-sized blobs cut by the crop's left or right edge


def count_glyphs(image: np.ndarray, box: Box, padding: tuple[float, float]) -> Glyphs:
    """Character-sized dark blobs in the padded crop of box (x, y, w, h) in image (BGR or grey): whole ones (blobs
    overlapping horizontally by more than half the narrower one count once: a broken character) and ones the crop's
    left or right edge cuts."""
    clamped = clamp_box(pad_box(box, *padding), image.shape[1], image.shape[0])
    if clamped is None:
        return Glyphs(0, 0)
    px, py, pw, ph = clamped
    crop = image[py:py + ph, px:px + pw]
    blue = None
    if crop.ndim == 3:
        b, g, r = (crop[..., i].astype(np.int16) for i in range(3))
        blue = b - np.maximum(g, r) > BLUE
        crop = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    x, y, w, h = (float(v) for v in box)
    top = y - py  # the box's top in the crop
    band = crop[max(0, round(top + h / 4)): max(1, round(top + 3 * h / 4)),
                max(0, round(x - px)): max(1, round(x - px + w))]
    if band.size == 0:
        return Glyphs(0, 0)
    threshold, _ = cv2.threshold(band, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    dark, light = band[band <= threshold], band[band > threshold]  # Otsu's two classes: characters, plate
    if dark.size == 0 or light.size == 0:
        return Glyphs(0, 0)
    ink = (crop <= dark.mean() + INK * (light.mean() - dark.mean())).astype(np.uint8)
    if blue is not None:
        ink[blue] = 0  # the EU band is no character
    _clear_long_runs(ink, LONG_RUN * w)
    _, _, stats, centres = cv2.connectedComponentsWithStats(ink, connectivity=4)
    spans, cut = [], 0
    for (cx, cy, cw, ch, area), (_, centre_y) in zip(stats[1:], centres[1:]):
        character_like = (HEIGHT[0] * h <= ch <= HEIGHT[1] * h and area >= MIN_FILL * cw * ch
                          and top + 0.2 * h <= centre_y <= top + 0.8 * h)
        if not character_like or cy == 0 or cy + ch == ph:
            continue
        if cx == 0 or cx + cw == pw:
            # A solid block wider than a stroke is car body or a band beside the plate, not part of a character.
            cut += not (area >= SOLID * cw * ch and cw > STROKE * w)
        elif cw <= MAX_WIDTH * w:
            spans.append((int(cx), int(cx + cw)))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged:
            last = merged[-1]
            if min(last[1], end) - max(last[0], start) > 0.5 * min(end - start, last[1] - last[0]):
                merged[-1] = (min(last[0], start), max(last[1], end))
                continue
        merged.append((start, end))
    return Glyphs(len(merged), cut)


def fits_text(glyphs: Glyphs, text: str) -> bool:
    """No character is cut, every character of the text can be in the crop, and not much else character-like."""
    return glyphs.cut == 0 and len(text) <= glyphs.whole <= len(text) + EXTRA
