import unittest
from unittest import mock

import torch

from lpr_training.recognizer.train import training_device


class TrainingDeviceTest(unittest.TestCase):
    def test_auto_picks_cuda_only_when_pytorch_sees_a_gpu(self):
        with mock.patch.object(torch.cuda, "is_available", return_value=False):
            self.assertEqual(training_device("auto"), torch.device("cpu"))
        with mock.patch.object(torch.cuda, "is_available", return_value=True):
            self.assertEqual(training_device("auto"), torch.device("cuda"))

    def test_cuda_without_a_gpu_and_unknown_devices_stop_with_a_message(self):
        with mock.patch.object(torch.cuda, "is_available", return_value=False):
            with self.assertRaisesRegex(SystemExit, "sees no GPU"):
                training_device("cuda")
        with self.assertRaisesRegex(SystemExit, "auto, cpu or cuda"):
            training_device("tpu")

    def test_cpu_is_always_the_cpu(self):
        self.assertEqual(training_device("cpu"), torch.device("cpu"))


if __name__ == "__main__":
    unittest.main()
