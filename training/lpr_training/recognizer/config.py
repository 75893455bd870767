"""Recognizer training configuration: a YAML file under training/configs plus command-line overrides."""
from pathlib import Path

import yaml

from ..common.paths import CONFIGS_DIR


def config_path(country: str) -> Path:
    return CONFIGS_DIR / f"recognizer-{country}.yaml"


def load_config(country: str, path: str | None = None, overrides: list[str] | None = None) -> dict:
    """Overrides are key=value strings, the value parsed as YAML (e.g. stn=false, iterations=2000)."""
    with open(path or config_path(country), encoding="utf-8") as f:
        config = yaml.safe_load(f)
    for item in overrides or []:
        key, _, value = item.partition("=")
        if key not in config:
            raise KeyError(f"unknown config key {key!r}")
        config[key] = yaml.safe_load(value)
    config["country"] = country
    return config
