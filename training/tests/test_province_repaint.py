"""Province repaint: finding the character in a crop's left strip and drawing another one there."""
import unittest

import numpy as np

from lpr_training.recognizer.province_repaint import ProvinceRepaint, ink_layout, repaint_character

BLUE, WHITE, GREY = (30, 60, 200), (235, 235, 235), (200, 200, 200)


def blue_crop() -> np.ndarray:
    """94x24 blue plate with a light grey car body in the top two rows and a white 'character' at x 3-11, y 4-20:
    two vertical strokes and a bar, so its rows and columns are partly inked."""
    crop = np.full((24, 94, 3), BLUE, np.uint8)
    crop[:2] = GREY
    crop[4:21, 3:5] = WHITE
    crop[4:21, 10:12] = WHITE
    crop[11:13, 3:12] = WHITE
    crop[6:18, 20:80] = WHITE  # the rest of the plate text, outside the strip
    return crop


class ProvinceRepaintTest(unittest.TestCase):
    def test_finds_the_character_not_the_car_body_above_it(self):
        plate, ink, box = ink_layout(blue_crop()[:, :14])
        self.assertEqual(box, (3, 4, 9, 17))
        np.testing.assert_allclose(plate, BLUE, atol=1)
        np.testing.assert_allclose(ink, WHITE, atol=1)

    def test_a_flat_strip_has_no_character(self):
        self.assertIsNone(ink_layout(np.full((24, 14, 3), BLUE, np.uint8)))

    def test_repaint_changes_only_the_character(self):
        crop = blue_crop()
        out = repaint_character(np.random.default_rng(0), crop, 14, "川")
        np.testing.assert_array_equal(out[:, 14:], crop[:, 14:])
        np.testing.assert_array_equal(out[:2], crop[:2])
        self.assertGreater(np.abs(out[4:21, 2:13].astype(int) - crop[4:21, 2:13]).sum(), 0)

    def test_relabels_provinces_only(self):
        repaint = ProvinceRepaint("皖川粤", 1.0, 0.15)
        rng = np.random.default_rng(1)
        texts = [repaint(rng, blue_crop(), "皖A12345")[1] for _ in range(12)]
        self.assertEqual({t[1:] for t in texts}, {"A12345"})
        self.assertEqual({t[0] for t in texts}, set("皖川粤"))
        image, text = repaint(rng, blue_crop(), "使123456")
        self.assertEqual(text, "使123456")


if __name__ == "__main__":
    unittest.main()
