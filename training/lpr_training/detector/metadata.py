"""The cascade's JSON sidecar (models/cascade-<c>.json): what the runtime needs to use it, and how it was made."""
import json
from pathlib import Path

from .cascade_model import Cascade
from .config import DetectorConfig


def detection_params(config: DetectorConfig) -> dict:
    """The detectMultiScale parameters the runtime uses (and eval:detector measures with)."""
    spec = config["detection"]
    return {
        "scaleFactor": spec["scale_factor"],
        "minNeighbors": spec["min_neighbors"],
        "minPlateWidthPx": config.window[0],
        "maxPlateWidthFraction": spec["max_width_fraction"],
        "minSize": list(config.window),
        "maxSize": "[floor(imageWidth * maxPlateWidthFraction), imageHeight]",
    }


def metadata_path(xml_path: Path) -> Path:
    return xml_path.with_suffix(".json")


def calibrated_params(path: Path) -> dict:
    """Detection parameters set by measurement, not by the trainer (verifyMinConfidence: see training/README.md);
    a retrained cascade keeps them from the sidecar it replaces."""
    if not path.exists():
        return {}
    detection = json.loads(path.read_text(encoding="utf-8")).get("detection", {})
    return {"verifyMinConfidence": detection["verifyMinConfidence"]} if "verifyMinConfidence" in detection else {}


def write_training_metadata(config: DetectorConfig, cascade: Cascade, training: dict) -> None:
    path = metadata_path(config.output)
    metadata = {
        "country": config.country.code,
        "config": f"training/configs/{config.name}.yaml",
        "window": {"width": cascade.window_width, "height": cascade.window_height},
        "featureType": "LBP",
        "stages": len(cascade.stages),
        "weakClassifiersPerStage": [len(stage.stumps) for stage in cascade.stages],
        "detection": {**detection_params(config), **calibrated_params(path)},
        "boxConvention": "tight plate box; the runtime pads it (country plate.cropPadding) before recognition",
        "training": training,
    }
    path.write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def record_evaluation(xml_path: Path, evaluation: dict) -> None:
    """Store measured eval numbers in the sidecar next to the cascade."""
    path = metadata_path(xml_path)
    metadata = json.loads(path.read_text(encoding="utf-8"))
    metadata["evaluation"] = evaluation
    path.write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
