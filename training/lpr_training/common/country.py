"""Country files (models/countries/<code>.yaml): charset, templates and plate styles, shared with the TS runtime."""
from dataclasses import dataclass
from functools import lru_cache

import yaml

from .paths import COUNTRIES_DIR
from .pattern import Pattern, parse_pattern


@dataclass(frozen=True)
class Template:
    name: str
    pattern: Pattern
    format: str              # '#' per character, anything else printed as is; '' prints the plate as read
    fallback: bool = False   # counts only when no candidate matches a non-fallback template


@dataclass(frozen=True)
class Band:
    """A coloured strip at one end of the plate (the blue EU band), optionally with a country code in it."""
    colour: str
    width_mm: float
    codes: tuple[str, ...] = ()  # one is drawn at random per plate; empty draws none


@dataclass(frozen=True)
class Style:
    name: str
    weight: float
    size_mm: tuple[float, float]
    background: tuple[str, ...]  # one colour, or two for a gradient
    foreground: str
    accent: str | None           # colour of the template's fixed characters (e.g. a red 警), if any
    templates: tuple[Template, ...]
    layout: dict                 # overrides of synth.layout.LayoutSpec fields (mm), e.g. {"charW": 44}
    band: Band | None = None     # left end
    right_band: Band | None = None


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    charset: str           # model class order; the CTC blank is index len(charset)
    classes: dict[str, str]
    templates: tuple[Template, ...]
    styles: tuple[Style, ...]
    plate: dict

    @property
    def blank_index(self) -> int:
        return len(self.charset)

    @property
    def num_classes(self) -> int:
        return len(self.charset) + 1

    def encode(self, text: str) -> list[int]:
        return [self.charset.index(c) for c in text]

    def decode(self, indices) -> str:
        return "".join(self.charset[i] for i in indices)

    def matches_template(self, text: str, fallback: bool = True) -> bool:
        """Whether the text fits a template; with fallback=False only the non-fallback ones count."""
        return any(t.pattern.matches(text) for t in self.templates if fallback or not t.fallback)

    def matches_template_prefix(self, prefix: str) -> bool:
        return any(t.pattern.matches_prefix(prefix) for t in self.templates)


def _colours(value) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else (value,)


def _band(raw: dict | None) -> Band | None:
    if raw is None:
        return None
    codes = raw.get("code", [])
    return Band(raw["colour"], float(raw["widthMm"]), tuple(codes) if isinstance(codes, list) else (codes,))


@lru_cache(maxsize=None)
def load_country(code: str) -> Country:
    with open(COUNTRIES_DIR / f"{code}.yaml", encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    charset = raw["charset"]
    if len(set(charset)) != len(charset):
        raise ValueError(f"{code}: charset has duplicate characters")
    classes = dict(raw["classes"])
    templates = tuple(Template(t["name"], parse_pattern(t["pattern"], classes), t.get("format", ""),
                               bool(t.get("fallback", False))) for t in raw["templates"])
    by_name = {t.name: t for t in templates}
    for t in templates:
        missing = t.pattern.characters() - set(charset)
        if missing:
            raise ValueError(f"{code}: template {t.name} uses characters outside the charset: {sorted(missing)}")
    styles = tuple(
        Style(
            name=s["name"],
            weight=float(s["weight"]),
            size_mm=tuple(s["sizeMm"]),
            background=_colours(s["background"]),
            foreground=s["foreground"],
            accent=s.get("accent"),
            templates=tuple(by_name[name] for name in s["templates"]),
            layout=dict(s.get("layout", {})),
            band=_band(s.get("band")),
            right_band=_band(s.get("rightBand")),
        )
        for s in raw.get("styles", [])
    )
    return Country(raw["country"], raw["name"], charset, classes, templates, styles, dict(raw.get("plate", {})))
