"""cli/tilted_crops.turned_crop: the crop the team's held-out set would cut around a turned plate."""
import unittest

import numpy as np

from lpr_training.cli.tilted_crops import turned_crop


class TurnedCropTest(unittest.TestCase):
    def setUp(self):
        self.plate = np.full((50, 157, 3), 255, np.uint8)

    def test_upright_plate_gets_ten_percent_margin_per_side(self):
        crop = turned_crop(np.random.default_rng(0), self.plate, 0)
        self.assertAlmostEqual(crop.shape[1], 157 * 1.2, delta=2)
        self.assertAlmostEqual(crop.shape[0], 50 * 1.2, delta=2)

    def test_turned_plate_crop_has_its_box_aspect(self):
        t = np.deg2rad(15)
        box_w, box_h = 157 * np.cos(t) + 50 * np.sin(t), 157 * np.sin(t) + 50 * np.cos(t)
        crop = turned_crop(np.random.default_rng(0), self.plate, 15)
        self.assertAlmostEqual(crop.shape[1] / crop.shape[0], box_w / box_h, delta=0.05)
        # The plate (white) lies inside, its corners touching the margin band, not the crop's edge.
        white = np.argwhere(crop.min(axis=2) > 250)
        self.assertGreater(white[:, 0].min(), 2)
        self.assertGreater(white[:, 1].min(), 2)


if __name__ == "__main__":
    unittest.main()
