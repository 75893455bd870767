"""Random plate texts drawn from a template.

Each class is drawn uniformly (keeps provinces balanced), except that positions mixing digits and letters pick a
digit more often, as real serials do; otherwise synthetic serials would be mostly letters.
"""
import numpy as np

from ..common.country import Style, Template

DIGIT_SHARE_IN_MIXED = 0.65


def choose_template(rng: np.random.Generator, style: Style) -> Template:
    """A template of the style; templates are listed most common first, so earlier ones are drawn more often."""
    weights = np.array([1.0 / (rank + 1) for rank in range(len(style.templates))])
    return style.templates[rng.choice(len(style.templates), p=weights / weights.sum())]


def _sample_char(rng: np.random.Generator, allowed: str) -> str:
    digits = "".join(c for c in allowed if c.isdigit())
    others = "".join(c for c in allowed if not c.isdigit())
    pool = allowed
    if digits and others:
        pool = digits if rng.random() < DIGIT_SHARE_IN_MIXED else others
    return pool[rng.integers(len(pool))]


def sample_text(rng: np.random.Generator, template: Template) -> str:
    """A text of the template; a pattern with several lengths draws one of them uniformly."""
    alternatives = template.pattern.alternatives
    positions = alternatives[rng.integers(len(alternatives))]
    return "".join(_sample_char(rng, allowed) for allowed in positions)
