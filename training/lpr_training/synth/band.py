"""The blue EU band at a plate's end: a ring of twelve yellow stars above the country code."""
import cv2
import numpy as np

from ..common.country import Band
from .fonts import faces_for, glyph_mask

STAR_YELLOW = np.array([255, 204, 0], np.float32)
CODE_WHITE = np.array([245, 245, 245], np.float32)


def paint_band(rng: np.random.Generator, canvas: np.ndarray, band: Band, x0: int, width: int,
               colour: np.ndarray) -> None:
    """Fill columns x0..x0+width of the canvas with the band; stars and code scale with the band width."""
    h = canvas.shape[0]
    canvas[:, x0: x0 + width] = colour
    cx, cy, radius = x0 + width / 2, h * 0.33, width * 0.28
    star = max(1, round(width * 0.06))
    for k in range(12):  # at recognizer resolution a star is a dot
        angle = 2 * np.pi * k / 12
        centre = (round(cx + radius * np.cos(angle)), round(cy + radius * np.sin(angle)))
        cv2.circle(canvas, centre, star, STAR_YELLOW.tolist(), -1, cv2.LINE_AA)
    if not band.codes:
        return
    code = band.codes[rng.integers(len(band.codes))]
    glyph_h = max(1, round(h * 0.28))
    faces = faces_for(code[0])
    masks = [glyph_mask(faces[0], c) for c in code]
    scaled = [cv2.resize(m, (max(1, round(m.shape[1] * glyph_h / m.shape[0])), glyph_h), interpolation=cv2.INTER_AREA)
              for m in masks]
    text = np.concatenate([np.pad(m, ((0, 0), (0, max(1, glyph_h // 8)))) for m in scaled], axis=1)
    if text.shape[1] > width * 0.9:  # long codes (e.g. "CH") are squeezed into the band
        text = cv2.resize(text, (max(1, round(width * 0.9)), glyph_h), interpolation=cv2.INTER_AREA)
    tx, ty = round(cx - text.shape[1] / 2), round(h * 0.62)
    region = canvas[ty: ty + glyph_h, tx: tx + text.shape[1]]
    alpha = text[: region.shape[0], : region.shape[1], None]
    region[:] = region * (1 - alpha) + CODE_WHITE * alpha
