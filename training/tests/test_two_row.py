"""Two-row plates: their layout, and how a crop's rows are set side by side for the recognizer."""
import unittest

import numpy as np

from lpr_training.common.country import load_country
from lpr_training.common.two_row import TwoRowGeometry, side_by_side, two_row_geometry
from lpr_training.synth.layout import layout_two_rows


class TwoRowTest(unittest.TestCase):
    def test_rows_are_set_side_by_side_top_first(self):
        image = np.zeros((20, 40), np.uint8)
        image[:8] = 100   # top row
        image[8:] = 200   # bottom row
        geometry = TwoRowGeometry(2.6, (0.0, 0.4, 0.25, 0.75), 0.4)
        out = side_by_side(image, geometry)
        # top: 8 rows x 20 columns, scaled to the bottom's 12 rows -> 30 columns; bottom: 12 x 40
        self.assertEqual(out.shape, (12, 70))
        self.assertTrue((out[:, :30] == 100).all())
        self.assertTrue((out[:, 30:] == 200).all())

    def test_china_has_two_row_plates_and_europe_not(self):
        self.assertIsNotNone(two_row_geometry(load_country("cn")))
        self.assertIsNone(two_row_geometry(load_country("eu")))

    def test_layout_puts_two_characters_above_five(self):
        layout = layout_two_rows((440, 220), 7)
        tops = {round(y) for _, y, _, _ in layout.char_boxes[:2]}
        bottoms = {round(y) for _, y, _, _ in layout.char_boxes[2:]}
        self.assertEqual(len(tops), 1)
        self.assertEqual(len(bottoms), 1)
        self.assertLess(max(tops) + 60, min(bottoms))
        for x, y, w, h in layout.char_boxes:
            self.assertTrue(0 <= x and x + w <= 440 and 0 <= y and y + h <= 220)


if __name__ == "__main__":
    unittest.main()
