"""Real plates cut from labelled photos with random margins, for recognizer training."""
import tempfile
import unittest
from pathlib import Path

import cv2
import numpy as np

from lpr_training.common.country import load_country
from lpr_training.common.scene_labels import load_scene_set
from lpr_training.common.two_row import side_by_side, two_row_geometry
from lpr_training.recognizer.scene_plates import ScenePlate, ScenePlateSampler, cut_with_margins, load_scene_plates

LABELS = """image,plate,x,y,w,h,style,rows
{photo},京A12345,100,100,160,40,blue,1
{photo},?,300,200,100,30,blue,1
{photo},苏B1234学,40,220,100,60,yellow,2
"""


class ScenePlatesTest(unittest.TestCase):
    def setUp(self):
        folder = Path(tempfile.mkdtemp())
        photo = folder / "street.jpg"
        image = np.random.default_rng(0).integers(0, 255, (300, 480, 3), np.uint8)
        cv2.imwrite(str(photo), image)
        self.labels = folder / "labels.csv"
        # An absolute image path: the shared data folder prefix is ignored by pathlib.
        self.labels.write_text(LABELS.format(photo=photo), encoding="utf-8")
        self.spec = {"format": "labels-csv", "path": str(self.labels)}
        self.country = load_country("cn")

    def test_labels_csv_keeps_rows_and_filters_by_style(self):
        [scene] = load_scene_set(self.spec)
        self.assertEqual(scene.rows, (1, 1, 2))
        [yellow] = load_scene_set({**self.spec, "styles": ["yellow"]})
        self.assertEqual(yellow.texts, ("苏B1234学",))

    def test_only_readable_plates_are_sampled(self):
        plates = load_scene_plates([self.spec], self.country, "all")
        self.assertEqual(sorted(p.text for p in plates), ["京A12345", "苏B1234学"])

    def test_zero_margins_cut_exactly_the_box(self):
        region = np.random.default_rng(1).integers(0, 255, (80, 240, 3), np.uint8)
        plate = ScenePlate(region, (40, 20, 160, 40), "京A12345", 1)
        image, text = cut_with_margins(plate, (0, 0), (0, 0), None, (94, 24))
        expected = cv2.resize(region[20:60, 40:200], (94, 24), interpolation=cv2.INTER_AREA)
        np.testing.assert_array_equal(image, expected)
        self.assertEqual(text, "京A12345")

    def test_negative_margins_clip_the_plate(self):
        region = np.zeros((80, 240, 3), np.uint8)
        region[:, :60] = 255  # the plate's left quarter is white
        plate = ScenePlate(region, (40, 20, 160, 40), "京A12345", 1)
        clipped, _ = cut_with_margins(plate, (-0.125, 0), (0, 0), None, (140, 40))
        self.assertEqual(clipped[:, :5].max(), 0)  # the white strip (x 40-60 of the box) was cut off

    def test_two_row_plates_are_set_side_by_side(self):
        geometry = two_row_geometry(self.country)
        region = np.random.default_rng(2).integers(0, 255, (120, 200, 3), np.uint8)
        plate = ScenePlate(region, (50, 30, 100, 60), "苏B1234学", 2)
        image, _ = cut_with_margins(plate, (0, 0), (0, 0), geometry, (94, 24))
        expected = cv2.resize(side_by_side(region[30:90, 50:150], geometry), (94, 24), interpolation=cv2.INTER_AREA)
        np.testing.assert_array_equal(image, expected)

    def test_sampler_gives_model_sized_images(self):
        sampler = ScenePlateSampler(load_scene_plates([self.spec], self.country, "all"), self.country)
        rng = np.random.default_rng(3)
        for _ in range(20):
            image, text = sampler.sample(rng)
            self.assertEqual(image.shape, (24, 94, 3))
            self.assertIn(text, ("京A12345", "苏B1234学"))

    def test_no_readable_plate_is_an_error(self):
        with self.assertRaises(ValueError):
            ScenePlateSampler([], self.country)


if __name__ == "__main__":
    unittest.main()
