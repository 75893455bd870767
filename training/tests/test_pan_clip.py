"""Street clips: how a still photo's plates are scaled and moved through a short clip."""
import unittest

from lpr_training.common.pan_clip import plan_pan_clip, stays_in_frame

FRAME = (1280, 720)


class PanClipTest(unittest.TestCase):
    def test_a_large_photo_keeps_its_size_and_its_plate_drifts_and_grows(self):
        plate = (1500.0, 1000.0, 120.0, 40.0)
        clip = plan_pan_clip((3264, 2448), [plate], FRAME, 60)
        self.assertEqual(clip.scale, 1.0)
        first, last = clip.box_in_frame(plate, 0), clip.box_in_frame(plate, 59)
        self.assertAlmostEqual(first[2], 120.0)
        self.assertAlmostEqual(last[2], 120.0 * 1.12)
        # From right of the centre and above it to left and below.
        self.assertGreater(first[0] + first[2] / 2, 640)
        self.assertLess(last[0] + last[2] / 2, 640)
        self.assertLess(first[1] + first[3] / 2, 360)
        self.assertGreater(last[1] + last[3] / 2, 360)
        self.assertTrue(stays_in_frame(clip, plate, FRAME))

    def test_a_small_photo_is_enlarged_to_cover_the_frame(self):
        clip = plan_pan_clip((320, 240), [(100.0, 150.0, 40.0, 14.0)], FRAME, 10)
        self.assertAlmostEqual(clip.scale, 4.0)  # 1280 / 320 > 720 / 240

    def test_a_close_up_is_shrunk_so_its_plate_stays_a_quarter_of_the_frame_wide(self):
        plate = (400.0, 900.0, 1246.0, 400.0)
        clip = plan_pan_clip((2000, 1500), [plate], FRAME, 30)
        self.assertAlmostEqual(clip.box_in_frame(plate, 29)[2], 0.25 * 1280)
        self.assertTrue(stays_in_frame(clip, plate, FRAME))

    def test_plates_far_apart_all_stay_in_view(self):
        plates = [(100.0, 100.0, 80.0, 26.0), (3000.0, 2200.0, 80.0, 26.0)]
        clip = plan_pan_clip((3264, 2448), plates, FRAME, 60)
        self.assertLess(clip.scale, 1.0)
        self.assertTrue(all(stays_in_frame(clip, p, FRAME) for p in plates))

    def test_needs_a_plate(self):
        with self.assertRaises(ValueError):
            plan_pan_clip((640, 480), [], FRAME, 10)


if __name__ == "__main__":
    unittest.main()
