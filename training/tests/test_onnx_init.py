"""Warm start from an exported model: the rebuilt model computes what the export computes, in training mode too."""
import tempfile
import unittest
from pathlib import Path

import torch

from lpr_training.recognizer.export import export_onnx, inference_copy
from lpr_training.recognizer.model import LPRNet
from lpr_training.recognizer.onnx_init import load_exported_weights


def trained_looking(model: LPRNet) -> LPRNet:
    """Random BatchNorm statistics and affine terms, as training leaves them, so folding them changes the weights."""
    torch.manual_seed(3)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.uniform_(-0.5, 0.5)
                module.running_var.uniform_(0.5, 2.0)
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.2, 0.2)
        model.locnet.theta.weight.normal_(0, 0.01)
    return model.eval()


class WarmStartTest(unittest.TestCase):
    def test_rebuilt_model_matches_the_exported_one(self):
        source = trained_looking(LPRNet(20, "reduced", stn=True))
        path = Path(tempfile.mkdtemp()) / "model.onnx"
        export_onnx(inference_copy(source), path)

        rebuilt = LPRNet(20, "reduced", stn=True)
        load_exported_weights(rebuilt, path)
        rebuilt.train()  # BatchNorms stay on their (identity) statistics; dropout is the only difference
        for module in rebuilt.modules():
            if isinstance(module, torch.nn.Dropout):
                module.eval()
        images = torch.randn(4, 3, 24, 94)
        with torch.no_grad():
            torch.testing.assert_close(rebuilt(images), source(images), rtol=1e-4, atol=1e-4)

    def test_a_different_variant_is_refused(self):
        path = Path(tempfile.mkdtemp()) / "model.onnx"
        export_onnx(inference_copy(LPRNet(20, "reduced", stn=True)), path)
        with self.assertRaisesRegex(ValueError, "weight"):
            load_exported_weights(LPRNet(20, "basic", stn=True), path)


if __name__ == "__main__":
    unittest.main()
