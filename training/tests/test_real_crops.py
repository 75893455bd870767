"""Which reader a real-crops folder gets: text-named crops or labelled photos."""
import tempfile
import unittest
from pathlib import Path

import cv2
import numpy as np

from lpr_training.common.country import load_country
from lpr_training.common.real_crops import load_crops


class RealCropsFolderTest(unittest.TestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.country = load_country("eu")

    def write_image(self, name: str, size=(94, 24)) -> None:
        cv2.imwrite(str(self.folder / name), np.full((size[1], size[0], 3), 200, np.uint8))

    def load(self):
        # An absolute path: the shared data folder prefix is ignored by pathlib when the source is absolute.
        return load_crops(str(self.folder), self.country, "all")

    def test_a_licence_file_beside_text_named_crops_keeps_them_crops(self):
        self.write_image("AB12CD.jpg")
        self.write_image("XY34ZZ.png")
        (self.folder / "LICENSE.txt").write_text("Apache-2.0")
        self.assertEqual(sorted(self.load().texts), ["AB12CD", "XY34ZZ"])

    def test_a_label_file_beside_its_photo_makes_labelled_scenes(self):
        self.write_image("car.jpg", (400, 300))
        (self.folder / "car.txt").write_text("car.jpg\t100\t120\t120\t26\tAB12CD\n")
        crops = self.load()
        self.assertEqual(crops.texts, ["AB12CD"])
        self.assertEqual(crops.images.shape, (1, 24, 94, 3))


if __name__ == "__main__":
    unittest.main()
