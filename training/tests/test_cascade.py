"""LBP cascade format fidelity: our features, stumps, XML and evaluator against OpenCV's CascadeClassifier.

Run: PYTHONPATH=training /usr/bin/python3 -m unittest discover -s training/tests
"""
import json
import tempfile
import unittest
from pathlib import Path

import cv2
import numpy as np

from lpr_training.common.paths import REPO_ROOT
from lpr_training.detector.boosting import CategoricalStump, fit_categorical_stump, balanced_weights
from lpr_training.detector.cascade_model import Cascade, Stage
from lpr_training.detector.cascade_trainer import resume_from_checkpoint
from lpr_training.detector.cascade_xml import categories_from_words, read_cascade_xml, subset_words, write_cascade_xml
from lpr_training.detector.lbp_features import enumerate_feature_rects, lbp_codes
from lpr_training.detector.negative_images import NegativeImage
from lpr_training.detector.stage_training import StageParams

PARAMS = StageParams(min_hit_rate=0.995, max_false_alarm_rate=0.5, max_weak_count=10)
FIXTURE = REPO_ROOT / "test" / "fixtures" / "cascade-agreement"


def opencv_accepts(xml: Path, windows: np.ndarray) -> np.ndarray:
    """OpenCV's verdict per window: a window-sized image with minSize = maxSize = window evaluates one window."""
    detector = cv2.CascadeClassifier(str(xml))
    assert not detector.empty(), f"OpenCV cannot load {xml}"
    size = (windows.shape[2], windows.shape[1])
    return np.array([len(detector.detectMultiScale(w, scaleFactor=1.1, minNeighbors=0, minSize=size, maxSize=size)) > 0
                     for w in windows])


def blocks_image(block_values, block_w: int = 1, block_h: int = 1) -> np.ndarray:
    """A 3x3 grid of uniform blocks with the given grey values."""
    return np.kron(np.array(block_values, np.uint8), np.ones((block_h, block_w), np.uint8))


class LbpCodeTest(unittest.TestCase):
    def test_bit_order_of_a_crafted_pattern(self):
        # Outer blocks >= the centre (100): 1 (top middle) -> 64, 3 (middle left) -> 1, 8 (bottom right) -> 8.
        image = blocks_image([[10, 200, 10], [200, 100, 10], [10, 10, 200]])
        self.assertEqual(lbp_codes(image[None], np.array([[0, 0, 1, 1]]))[0, 0], 64 + 1 + 8)

    def test_each_block_sets_its_own_bit(self):
        bits = {0: 128, 1: 64, 2: 32, 5: 16, 8: 8, 7: 4, 6: 2, 3: 1}
        for block, bit in bits.items():
            values = np.zeros(9, int)
            values[4] = 50
            values[block] = 60
            image = blocks_image(values.reshape(3, 3), block_w=2, block_h=3)
            self.assertEqual(lbp_codes(image[None], np.array([[0, 0, 2, 3]]))[0, 0], bit, f"block {block}")

    def test_equal_sums_set_the_bit(self):
        # OpenCV compares with >=: a flat patch has every bit set.
        self.assertEqual(lbp_codes(np.full((1, 6, 6), 7, np.uint8), np.array([[0, 0, 2, 2]]))[0, 0], 255)

    def test_matches_brute_force_on_random_windows(self):
        rng = np.random.default_rng(1)
        windows = rng.integers(0, 256, (20, 13, 40)).astype(np.uint8)
        rects = enumerate_feature_rects(40, 13)
        codes = lbp_codes(windows, rects)
        for _ in range(300):
            n, f = rng.integers(len(windows)), rng.integers(len(rects))
            x, y, w, h = rects[f]
            sums = windows[n, y:y + 3 * h, x:x + 3 * w].astype(int).reshape(3, h, 3, w).sum(axis=(1, 3))
            ring = [sums[0, 0], sums[0, 1], sums[0, 2], sums[1, 2], sums[2, 2], sums[2, 1], sums[2, 0], sums[1, 0]]
            expected = sum(128 >> i for i, s in enumerate(ring) if s >= sums[1, 1])
            self.assertEqual(codes[n, f], expected)

    def test_feature_count_of_the_cn_window(self):
        self.assertEqual(len(enumerate_feature_rects(40, 13)), 6760)


class StumpTest(unittest.TestCase):
    def test_subset_words_bit_layout(self):
        categories = np.zeros(256, bool)
        categories[[0, 33, 255]] = True
        words = subset_words(categories)
        self.assertEqual(words.tolist(), [1, 2, 0, 0, 0, 0, 0, -(2**31)])
        np.testing.assert_array_equal(categories_from_words(words), categories)

    def test_fit_finds_the_separating_feature_and_category_set(self):
        rng = np.random.default_rng(2)
        codes = rng.integers(0, 256, (400, 5)).astype(np.uint8)
        labels = np.where(rng.random(400) < 0.5, 1.0, -1.0)
        codes[:, 3] = np.where(labels > 0, rng.choice([7, 99], 400), rng.choice([1, 2, 200], 400))
        stump = fit_categorical_stump(codes, labels, balanced_weights(labels))
        self.assertEqual(stump.feature, 3)
        positive_side = stump.left_categories if stump.left_value > 0 else ~stump.left_categories
        self.assertTrue(positive_side[[7, 99]].all())
        self.assertFalse(positive_side[[1, 2, 200]].any())
        self.assertAlmostEqual(abs(float(stump.left_value)), 1.0, places=6)


class OpenCvAgreementTest(unittest.TestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())

    def test_crafted_cascade_accepts_only_the_crafted_pattern(self):
        # One stump on block rect (0, 0, 2, 1) of a 6x3 window: code 73 scores +1, every other code -1.
        rects = np.array([[0, 0, 2, 1]], np.int32)
        wanted = np.zeros(256, bool)
        wanted[64 + 8 + 1] = True
        cascade = Cascade(6, 3, rects, [Stage([CategoricalStump(0, wanted, np.float32(1), np.float32(-1))],
                                              np.float32(0))])
        xml = self.folder / "crafted.xml"
        write_cascade_xml(cascade, xml, PARAMS)
        hit = blocks_image([[10, 200, 10], [200, 100, 10], [10, 10, 200]], block_w=2)
        miss = blocks_image([[200, 200, 10], [200, 100, 10], [10, 10, 200]], block_w=2)
        windows = np.stack([hit, miss])
        np.testing.assert_array_equal(cascade.accepts(windows), [True, False])
        np.testing.assert_array_equal(opencv_accepts(xml, windows), [True, False])

    def test_random_cascade_agrees_with_opencv_and_survives_the_xml(self):
        rng = np.random.default_rng(3)
        rects = enumerate_feature_rects(40, 13)
        windows = cv2.GaussianBlur(rng.integers(0, 256, (300, 13, 40)).astype(np.uint8), (3, 3), 0)
        codes = lbp_codes(windows, rects)
        stages = []
        for _ in range(3):
            stumps = [CategoricalStump(int(rng.integers(len(rects))), rng.random(256) < 0.5,
                                       np.float32(rng.normal()), np.float32(rng.normal())) for _ in range(4)]
            stage = Stage(stumps, np.float32(0))
            # Thresholds between distinct sums, so no window sits on a rounding edge.
            sums = np.unique(stage.sums(codes))
            stage.threshold = np.float32(sums[len(sums) // 3: len(sums) // 3 + 2].mean())
            stages.append(stage)
        cascade = Cascade(40, 13, rects, stages)
        xml = self.folder / "random.xml"
        write_cascade_xml(cascade, xml, PARAMS)
        ours = cascade.accepts(windows)
        self.assertTrue(0 < ours.sum() < len(windows))
        np.testing.assert_array_equal(read_cascade_xml(xml).accepts(windows), ours)
        np.testing.assert_array_equal(opencv_accepts(xml, windows), ours)
        # A checkpoint lists only the used features; resuming maps the stumps back into the full feature table.
        resumed = resume_from_checkpoint(xml, rects, (40, 13))
        self.assertEqual([s.feature for s in resumed.stages[0].stumps], [s.feature for s in stages[0].stumps])
        np.testing.assert_array_equal(resumed.accepts(windows), ours)


class NegativeImageTest(unittest.TestCase):
    def test_only_windows_well_off_the_plate_are_negatives(self):
        image = NegativeImage("scene", np.zeros((100, 200), np.uint8), plates=((50, 40, 40, 13),), max_plate_iou=0.2)
        rects = np.array([[50, 40, 40, 13],    # the plate
                          [60, 42, 40, 13],    # shifted by a quarter: IoU 0.52
                          [86, 40, 40, 13],    # shifted by 90%: IoU 0.05, a partial plate
                          [0, 0, 200, 100]])   # the whole image around it: IoU 0.03
        np.testing.assert_array_equal(image.on_plate(rects), [True, True, False, False])


@unittest.skipUnless((FIXTURE / "expected.json").exists(), "test/fixtures/cascade-agreement not generated")
class FixtureTest(unittest.TestCase):
    def test_fixture_verdicts_match_opencv_and_our_evaluator(self):
        expected = json.loads((FIXTURE / "expected.json").read_text())
        windows = np.stack([cv2.imread(str(FIXTURE / w["file"]), cv2.IMREAD_GRAYSCALE) for w in expected["windows"]])
        verdicts = np.array([w["passes"] for w in expected["windows"]])
        xml = FIXTURE / expected["cascade"]
        np.testing.assert_array_equal(read_cascade_xml(xml).accepts(windows), verdicts)
        np.testing.assert_array_equal(opencv_accepts(xml, windows), verdicts)


if __name__ == "__main__":
    unittest.main()
