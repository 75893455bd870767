"""Template patterns and tiers as the synthetic generator and the beam-search filter use them."""
import unittest

import numpy as np

from lpr_training.common.country import load_country
from lpr_training.common.pattern import parse_pattern
from lpr_training.synth.layout import layout_plate, layout_spec
from lpr_training.synth.text import sample_text

CLASSES = {"digit": "0123456789", "letter": "ABC"}


class PatternTest(unittest.TestCase):
    def test_fixed_repeat_is_one_alternative(self):
        pattern = parse_pattern("<letter>{2}-<digit>", CLASSES)
        self.assertEqual(pattern.alternatives, (("ABC", "ABC", "-", "0123456789"),))
        self.assertTrue(pattern.matches("AB-7"))
        self.assertFalse(pattern.matches("AB7"))
        self.assertTrue(pattern.matches_prefix("AB"))

    def test_range_repeat_expands_to_each_length(self):
        pattern = parse_pattern("<letter>{1,2}<digit>{1,3}", CLASSES)
        self.assertEqual(sorted({len(a) for a in pattern.alternatives}), [2, 3, 4, 5])
        self.assertTrue(pattern.matches("A1"))
        self.assertTrue(pattern.matches("AB123"))
        self.assertFalse(pattern.matches("AB1234"))
        self.assertFalse(pattern.matches("1A"))

    def test_literal_positions_per_length(self):
        pattern = parse_pattern("<letter>{1,2}X", {"letter": "AB"})
        self.assertEqual(pattern.literal_positions(3), (2,))
        self.assertEqual(pattern.literal_positions(4), ())


class EuropeanCountryTest(unittest.TestCase):
    def setUp(self):
        self.country = load_country("eu")

    def test_dutch_plates_match_a_primary_template(self):
        for text in ("XSNB23", "23GSX6", "99SZG5", "1CMV331"):
            self.assertTrue(self.country.matches_template(text, fallback=False), text)

    def test_german_plate_only_matches_a_fallback(self):
        self.assertFalse(self.country.matches_template("BMW1234", fallback=False))
        self.assertTrue(self.country.matches_template("BMW1234"))

    def test_sampled_texts_fit_their_template(self):
        rng = np.random.default_rng(0)
        for template in self.country.templates:
            for _ in range(20):
                self.assertTrue(template.pattern.matches(sample_text(rng, template)), template.name)

    def test_band_leaves_room_for_the_characters(self):
        spec = layout_spec({"charW": 44, "separator": "dash"})
        layout = layout_plate((520, 110), 6, "##-##-##", spec, reserved_mm=(42, 0))
        self.assertGreaterEqual(layout.char_boxes[0][0], 42)
        self.assertLessEqual(layout.char_boxes[-1][0] + layout.char_boxes[-1][2], 520)
        self.assertEqual(len(layout.dots), 2)


if __name__ == "__main__":
    unittest.main()
