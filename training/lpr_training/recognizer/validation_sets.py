"""The image sets a recognizer is validated on: real validation crops, and fresh synthetic plates (all provinces
and styles, a seed never used for training) as a proxy for generalization beyond the real crops' region."""
import numpy as np

from ..common.country import Country
from ..common.real_crops import load_real_crops
from ..synth import render_sample

SYNTHETIC_VALIDATION_SEED = 424242  # training caches use seeds seed * 100003 + chunk with small seeds


def real_validation(country: Country, sources: str | list[str]) -> tuple[np.ndarray, list[str]]:
    """The val split of every real source (config `real_crops`: one source or a list)."""
    crops = load_real_crops(sources, country, "val")
    return crops.images, crops.texts


def synthetic_validation(country: Country, count: int) -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(SYNTHETIC_VALIDATION_SEED)
    samples = [render_sample(rng, country) for _ in range(count)]
    return np.stack([s[0] for s in samples]), [s[1] for s in samples]


def template_of(country: Country, text: str) -> str:
    return next((t.name for t in country.templates if t.pattern.matches(text)), "none")
