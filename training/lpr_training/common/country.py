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
    format: str


@dataclass(frozen=True)
class Style:
    name: str
    weight: float
    size_mm: tuple[float, float]
    background: tuple[str, ...]  # one colour, or two for a gradient
    foreground: str
    accent: str | None           # colour of the template's fixed characters (e.g. a red 警), if any
    templates: tuple[Template, ...]


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

    def matches_template(self, text: str) -> bool:
        return any(t.pattern.matches(text) for t in self.templates)

    def matches_template_prefix(self, prefix: str) -> bool:
        return any(t.pattern.matches_prefix(prefix) for t in self.templates)


def _colours(value) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else (value,)


@lru_cache(maxsize=None)
def load_country(code: str) -> Country:
    with open(COUNTRIES_DIR / f"{code}.yaml", encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    charset = raw["charset"]
    if len(set(charset)) != len(charset):
        raise ValueError(f"{code}: charset has duplicate characters")
    classes = dict(raw["classes"])
    templates = tuple(Template(t["name"], parse_pattern(t["pattern"], classes), t["format"]) for t in raw["templates"])
    by_name = {t.name: t for t in templates}
    for t in templates:
        missing = {c for allowed in t.pattern.positions for c in allowed} - set(charset)
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
        )
        for s in raw.get("styles", [])
    )
    return Country(raw["country"], raw["name"], charset, classes, templates, styles, dict(raw.get("plate", {})))
