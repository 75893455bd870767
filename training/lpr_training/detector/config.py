"""Detector training configs (training/configs/detector-*.yaml), with `extends:` for variants of a base config."""
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..common.country import Country, load_country
from ..common.paths import CONFIGS_DIR, REPO_ROOT


@dataclass(frozen=True)
class DetectorConfig:
    name: str
    raw: dict
    country: Country

    @property
    def window(self) -> tuple[int, int]:
        """(width, height); the width must not exceed the country's smallest plate (plate.minWidthPx)."""
        width, height = self.raw["window"]
        smallest = self.country.plate["minWidthPx"]
        if width > smallest:
            raise ValueError(f"window width {width} exceeds the country's smallest plate width {smallest}")
        return int(width), int(height)

    @property
    def output(self) -> Path:
        return REPO_ROOT / self.raw["output"]

    def __getitem__(self, key: str):
        return self.raw[key]


def _merge(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, value in override.items():
        merged[key] = _merge(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return merged


def _read(path: Path) -> dict:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    parent = raw.pop("extends", None)
    return _merge(_read(path.parent / parent), raw) if parent else raw


def load_config(path: Path) -> DetectorConfig:
    raw = _read(path)
    return DetectorConfig(path.stem, raw, load_country(raw["country"]))


def config_path(country: str, config: str | None) -> Path:
    """--config wins; otherwise training/configs/detector-<country>.yaml."""
    return Path(config) if config else CONFIGS_DIR / f"detector-{country}.yaml"
