"""Start training from an exported model (its .onnx), when the run that made it and its checkpoints are gone.

The export folds every BatchNorm into the convolution before it, so the ONNX file holds conv weights and biases
only. They are loaded into the convolutions, each BatchNorm becomes the identity plus that bias, and the model keeps
its BatchNorms frozen (inference statistics) while it trains: it computes exactly what the exported model computes.
"""
import json
from pathlib import Path

import numpy as np
import torch
from torch import nn

from ..common.country import load_country
from .model import INPUT_SIZE, LPRNet


def _onnx_layers(path: Path) -> list[tuple[str, list[np.ndarray]]]:
    """(op type, [weight, bias]) of each Conv and Gemm node, in graph order."""
    import onnx  # Debian's python3-onnx; only this warm start needs it
    from onnx import numpy_helper

    graph = onnx.load(str(path)).graph
    constants = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    for node in graph.node:
        if node.op_type == "Constant":
            constants[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
    layers = []
    for node in graph.node:
        if node.op_type in ("Conv", "Gemm"):
            if node.op_type == "Gemm":
                attributes = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
                if attributes.get("transB", 0) != 1:
                    raise ValueError(f"{path}: Gemm {node.name} without transB=1 is not an exported nn.Linear")
            layers.append((node.op_type, [constants[name] for name in node.input[1:] if name in constants]))
    return layers


def _torch_layers(model: LPRNet) -> list[tuple[nn.Module, nn.BatchNorm2d | None]]:
    """(conv or linear, the BatchNorm right after it or None) in the order the forward pass calls them."""
    order: list[nn.Module] = []
    hooks = [m.register_forward_hook(lambda module, _i, _o: order.append(module))
             for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, 3, INPUT_SIZE[1], INPUT_SIZE[0]))
    for h in hooks:
        h.remove()
    following = {}
    for sequence in (m for m in model.modules() if isinstance(m, nn.Sequential)):
        children = list(sequence)
        for current, nxt in zip(children, children[1:]):
            if isinstance(nxt, nn.BatchNorm2d):
                following[id(current)] = nxt
    return [(m, following.get(id(m))) for m in order]


def load_exported_weights(model: LPRNet, onnx_path: Path) -> None:
    """Copy an exported model's weights into model (same variant, STN switched on) and freeze its BatchNorms."""
    exported = _onnx_layers(onnx_path)
    layers = _torch_layers(model)
    if len(exported) != len(layers):
        raise ValueError(f"{onnx_path}: {len(exported)} conv/linear layers, the {model.variant} model has "
                         f"{len(layers)}; export and config must agree on variant and STN")
    with torch.no_grad():
        for (op, arrays), (layer, batchnorm) in zip(exported, layers):
            weight = torch.from_numpy(arrays[0].copy())
            if weight.shape != layer.weight.shape:
                raise ValueError(f"{onnx_path}: {op} weight {tuple(weight.shape)} where the model has "
                                 f"{tuple(layer.weight.shape)}")
            layer.weight.copy_(weight)
            bias = torch.from_numpy(arrays[1].copy()) if len(arrays) > 1 else torch.zeros(weight.shape[0])
            if batchnorm is None:
                layer.bias.copy_(bias)
                continue
            batchnorm.weight.fill_(1.0)
            batchnorm.bias.copy_(bias)
            batchnorm.running_mean.zero_()
            batchnorm.running_var.fill_(1.0 - batchnorm.eps)
    model.freeze_batchnorm()


def load_exported_model(onnx_path: str | Path, config: dict) -> tuple[LPRNet, dict]:
    """(model in eval mode, config with the export's variant, STN and normalization) from an exported model and its
    metadata JSON; config supplies the rest (the country's training config)."""
    onnx_path = Path(onnx_path)
    meta = json.loads(onnx_path.with_suffix(".json").read_text(encoding="utf-8"))
    architecture = meta["architecture"]
    config = {**config, "variant": architecture["variant"], "stn": architecture["stn"],
              "input_mean": meta["input"]["mean"], "input_std": meta["input"]["std"]}
    model = LPRNet(load_country(config["country"]).num_classes, config["variant"], config["stn"])
    load_exported_weights(model, onnx_path)
    return model.eval(), config
