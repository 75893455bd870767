"""Synthetic plates: render a clean plate from a country file's styles, then damage it like a camera would.

    plate, text = render_plate(rng, country)          # whole plate, RGB uint8, random size
    crop = damage(rng, plate, country.plate["cropPadding"])   # 94x24 recognizer input
"""
from .damage import damage, geometric_crop, photometric
from .plate import render_plate, render_text
from .sample import render_sample

__all__ = ["damage", "geometric_crop", "photometric", "render_plate", "render_text", "render_sample"]
