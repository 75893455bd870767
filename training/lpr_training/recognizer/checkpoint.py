"""Saving and restoring training state, and rebuilding a model from a checkpoint."""
from pathlib import Path

import torch

from ..common.country import load_country
from .model import LPRNet


def build_model(config: dict) -> LPRNet:
    return LPRNet(load_country(config["country"]).num_classes, config["variant"], config["stn"])


def save(path: Path, state: dict) -> None:
    """Write atomically, so a run killed mid-save keeps its previous checkpoint."""
    tmp = path.with_suffix(".tmp")
    torch.save(state, tmp)
    tmp.replace(path)


def load_model(path: Path) -> tuple[LPRNet, dict]:
    """(model in eval mode, checkpoint dict) from a checkpoint written by the trainer."""
    state = torch.load(path, map_location="cpu")
    model = build_model(state["config"])
    model.load_state_dict(state["model"])
    model.stn_enabled = state["stn_enabled"]
    model.eval()
    return model, state


def latest_best(country: str) -> Path:
    """best.pt of the most recently updated run of the country under training/runs."""
    from ..common.paths import RUNS_DIR
    candidates = [p for p in RUNS_DIR.glob("*/best.pt")
                  if torch.load(p, map_location="cpu")["config"]["country"] == country]
    if not candidates:
        raise FileNotFoundError(f"no training/runs/*/best.pt for country {country}")
    return max(candidates, key=lambda p: p.stat().st_mtime)
