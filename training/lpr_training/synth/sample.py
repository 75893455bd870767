"""One synthetic recognizer training sample: a rendered plate, damaged, at the recognizer input size.

Two-row plates are cropped at their own shape, then set side by side (common/two_row.py) as the runtime reads them."""
import cv2
import numpy as np

from ..common.country import Country
from ..common.two_row import side_by_side, two_row_geometry
from .damage import DEFAULT_TURNS, OUTPUT_SIZE, Turns, damage, geometric_crop, photometric
from .layout import layout_spec
from .plate import choose_style, render_plate

TWO_ROW_CROP = (96, 48)  # a two-row plate is 2:1; cropped at this size before its rows are set side by side


def render_sample(rng: np.random.Generator, country: Country, size: tuple[int, int] = OUTPUT_SIZE,
                  strength: float = 1.0, turns: Turns = DEFAULT_TURNS) -> tuple[np.ndarray, str]:
    style = choose_style(rng, country)
    plate, text = render_plate(rng, country, style)
    padding = tuple(country.plate.get("cropPadding", (0.06, 0.12)))
    geometry = two_row_geometry(country)
    if layout_spec(style.layout).rows == 2 and geometry is not None:
        crop = side_by_side(geometric_crop(rng, plate, padding, TWO_ROW_CROP, turns), geometry)
        return photometric(rng, cv2.resize(crop, size, interpolation=cv2.INTER_AREA), strength), text
    return damage(rng, plate, padding, size, strength, turns), text
