"""ONNX export and the lpr-model/1 metadata JSON read by the TypeScript runtime."""
import copy
import json
from datetime import datetime, timezone
from pathlib import Path

import torch

from ..common.country import load_country
from .model import INPUT_SIZE, LPRNet, count_gflops, count_parameters

OPSET = 16  # GridSample (the STN) needs 16; onnxruntime-node runs up to 17+


def inference_copy(model: LPRNet) -> LPRNet:
    """A copy on the CPU in eval mode and plain memory layout, so exporting never switches the training model's mode."""
    return copy.deepcopy(model).cpu().eval().to(memory_format=torch.contiguous_format)


def export_onnx(model: LPRNet, path: Path) -> None:
    """model: an inference_copy."""
    dummy = torch.zeros(1, 3, INPUT_SIZE[1], INPUT_SIZE[0])
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(model, dummy, str(path), input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}}, opset_version=OPSET,
                      do_constant_folding=True)


def version_string(now: datetime, build: int = 1) -> str:
    return f"{now:%Y.%m.%d}-{build}"


def metadata(model: LPRNet, config: dict, training: dict, validation: dict, build: int = 1) -> dict:
    """model: an inference_copy."""
    country = load_country(config["country"])
    now = datetime.now(timezone.utc)
    with torch.no_grad():
        timesteps = model(torch.zeros(1, 3, INPUT_SIZE[1], INPUT_SIZE[0])).shape[2]
    return {
        "format": "lpr-model/1",
        "name": f"lprnet-{country.code}",
        "country": country.code,
        "version": version_string(now, build),
        "architecture": {"family": "lprnet", "variant": config["variant"], "stn": bool(model.stn_enabled),
                         "params": count_parameters(model), "gflops": round(count_gflops(model), 3)},
        "input": {"name": "input", "width": INPUT_SIZE[0], "height": INPUT_SIZE[1], "channels": 3,
                  "colorOrder": "RGB", "layout": "NCHW", "mean": list(config["input_mean"]),
                  "std": list(config["input_std"])},
        "output": {"name": "logits", "layout": "NCT", "timesteps": int(timesteps), "activation": "none"},
        "charset": list(country.charset),
        "blankIndex": country.blank_index,
        "training": {**training, "validation": validation},
    }


def write_model(model: LPRNet, config: dict, training: dict, validation: dict, onnx_path: Path,
                build: int = 1) -> dict:
    """Export ONNX to onnx_path and its metadata beside it (same name, .json)."""
    model = inference_copy(model)
    export_onnx(model, onnx_path)
    meta = metadata(model, config, training, validation, build)
    onnx_path.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return meta
