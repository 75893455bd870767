"""One synthetic recognizer training sample: a rendered plate, damaged, at the recognizer input size."""
import numpy as np

from ..common.country import Country
from .damage import OUTPUT_SIZE, damage
from .plate import render_plate


def render_sample(rng: np.random.Generator, country: Country, size: tuple[int, int] = OUTPUT_SIZE,
                  strength: float = 1.0) -> tuple[np.ndarray, str]:
    plate, text = render_plate(rng, country)
    padding = tuple(country.plate.get("cropPadding", (0.06, 0.12)))
    return damage(rng, plate, padding, size, strength), text
