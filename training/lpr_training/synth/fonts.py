"""System fonts for synthetic plates, and a cache of glyph ink masks.

Plates use blocky sans faces: CJK characters from Chinese sans fonts, latin letters and digits from narrow or
condensed bold sans fonts. Fonts that are not installed are skipped, so only one of each kind is required.
"""
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

GLYPH_RENDER_PX = 96  # glyphs are rasterized once at this size and resized per plate


@dataclass(frozen=True)
class FontFace:
    path: str
    index: int = 0  # face index inside a .ttc collection


_CJK_FACES = (
    FontFace("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),     # Noto Sans CJK SC Bold
    FontFace("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),  # Noto Sans CJK SC Regular
    FontFace("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    FontFace("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
)
_LATIN_FACES = (
    FontFace("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf"),
    FontFace("/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Bold.ttf"),
    FontFace("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf"),  # real plate strokes are often thin
    FontFace("/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Regular.ttf"),
    FontFace("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
    FontFace("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
)


def _installed(faces: tuple[FontFace, ...]) -> tuple[FontFace, ...]:
    found = tuple(f for f in faces if Path(f.path).is_file())
    if not found:
        raise FileNotFoundError(f"none of the plate fonts is installed: {[f.path for f in faces]}")
    return found


@lru_cache(maxsize=None)
def faces_for(char: str) -> tuple[FontFace, ...]:
    """Installed faces suitable for a character: latin faces for ASCII, CJK faces for everything else."""
    return _installed(_LATIN_FACES if char.isascii() else _CJK_FACES)


@lru_cache(maxsize=None)
def _font(face: FontFace) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(face.path, GLYPH_RENDER_PX, index=face.index)


@lru_cache(maxsize=None)
def glyph_mask(face: FontFace, char: str) -> np.ndarray:
    """Ink of one character cropped to its bounding box, float32 coverage in 0..1."""
    canvas = Image.new("L", (GLYPH_RENDER_PX * 2, GLYPH_RENDER_PX * 2), 0)
    ImageDraw.Draw(canvas).text((GLYPH_RENDER_PX // 2, GLYPH_RENDER_PX // 4), char, fill=255, font=_font(face))
    ink = np.asarray(canvas, np.float32) / 255.0
    rows, cols = np.nonzero(ink > 0.05)
    if rows.size == 0:
        raise ValueError(f"font {face.path} has no glyph for {char!r}")
    return ink[rows.min(): rows.max() + 1, cols.min(): cols.max() + 1]
