import sys
import tempfile
import unittest
from pathlib import Path
from unittest import mock

import torch

from lpr_training.cli import compare_runs


def history(final_accuracy: float) -> list[dict]:
    val = {name: {"sequence": final_accuracy, "character": 0.9} for name in ("greedy", "beam", "beamTemplates")}
    return [{"iteration": 25, "loss": 3.0, "lr": 1e-3}, {"iteration": 50, "loss": 1.0, "lr": 1e-3},
            {"iteration": 50, "val": val}]


class CompareRunsTest(unittest.TestCase):
    def test_plots_every_run_given_and_refuses_a_folder_without_a_checkpoint(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            for name, accuracy in (("a", 0.5), ("b", 0.8)):
                (root / name).mkdir()
                torch.save({"history": history(accuracy)}, root / name / "last.pt")
            out = root / "plots" / "curves.png"
            argv = ["compare_runs", "--out", str(out), f"first={root / 'a'}", str(root / "b")]
            with mock.patch.object(sys, "argv", argv):
                compare_runs.main()
            self.assertTrue(out.read_bytes().startswith(b"\x89PNG"))
            with mock.patch.object(sys, "argv", ["compare_runs", "--out", str(out), str(root / "missing")]):
                with self.assertRaisesRegex(SystemExit, "no checkpoint"):
                    compare_runs.main()


if __name__ == "__main__":
    unittest.main()
