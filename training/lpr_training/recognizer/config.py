"""Recognizer training configuration: a YAML file under training/configs plus command-line overrides."""
import json
from pathlib import Path

import yaml

from ..common.paths import CONFIGS_DIR


def config_path(country: str) -> Path:
    return CONFIGS_DIR / f"recognizer-{country}.yaml"


def apply_overrides(config: dict, overrides: list[str]) -> dict:
    """Overrides are key=value strings, the value parsed as YAML (e.g. stn=false, iterations=2000)."""
    config = dict(config)
    for item in overrides:
        key, _, value = item.partition("=")
        if key not in config:
            raise KeyError(f"unknown config key {key!r}")
        config[key] = yaml.safe_load(value)
    return config


def load_config(country: str, path: str | None = None, overrides: list[str] | None = None) -> dict:
    with open(path or config_path(country), encoding="utf-8") as f:
        config = yaml.safe_load(f)
    config["country"] = country
    return apply_overrides(config, overrides or [])


def load_run_config(run_dir: Path, overrides: list[str] | None = None) -> dict:
    """The configuration a run was started with (its config.json), e.g. to resume it with a longer budget."""
    return apply_overrides(json.loads((run_dir / "config.json").read_text()), overrides or [])
