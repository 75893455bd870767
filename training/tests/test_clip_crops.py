"""Harvesting crops from labelled clips: boxes, the per-frame plate track, the whole-text check, clip labels, and
the harvested folder's loader with its split by clip (hand-made inputs; no video, no cascade)."""
import tempfile
import unittest
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np

from lpr_training.common.boxes import clamp_box, pad_box, padded_crop
from lpr_training.common.clip_labels import LabelledClip, read_clip_labels, skip_reason
from lpr_training.common.country import load_country
from lpr_training.common.harvested_crops import HarvestedCrop, is_harvested, read_harvested, write_harvested
from lpr_training.common.plate_glyphs import Glyphs, count_glyphs, fits_text
from lpr_training.common.plate_track import Detection, TrackParams, choose_track, local_medians
from lpr_training.common.real_crops import load_real_crops
from lpr_training.common.scene_labels import source_path
from lpr_training.common.paths import REPO_ROOT, SHARED_DATA
from lpr_training.common.splits import is_validation


def name_in(split: str, pattern: str) -> str:
    """The first name pattern.format(i) whose stem falls in the split."""
    return next(pattern.format(i) for i in range(1000)
                if is_validation(Path(pattern.format(i)).stem) == (split == "val"))


class BoxesTest(unittest.TestCase):
    def test_padding_and_clamping_as_the_runtime(self):
        self.assertEqual(pad_box((100, 50, 200, 40), 0.05, 0.15), (90.0, 44.0, 220.0, 52.0))
        self.assertEqual(clamp_box((10.4, 20.6, 5.2, 3.1), 100, 100), (10, 20, 6, 4))  # floor / ceil outwards
        self.assertEqual(clamp_box((-5, -5, 20, 20), 10, 10), (0, 0, 10, 10))
        self.assertIsNone(clamp_box((20, 20, 5, 5), 10, 10))
        image = np.zeros((100, 200, 3), np.uint8)
        self.assertEqual(padded_crop(image, (100, 50, 60, 12), (0.05, 0.15)).shape, (16, 66, 3))


class PlateTrackTest(unittest.TestCase):
    def plate(self, frame: int) -> Detection:
        return Detection((100 + 2 * frame, 200 + frame, 150, 33), 500)

    def test_keeps_the_plate_when_a_false_positive_wins_a_frame(self):
        frames = [[self.plate(i), Detection((400, 40, 120, 28), 30)] for i in range(8)]
        frames[3] = [self.plate(3), Detection((420, 60, 130, 30), 900)]  # a stronger false positive, once
        frames[5] = [Detection((10, 400, 110, 25), 40)]                   # no plate in this frame
        chosen = choose_track(frames)
        self.assertEqual(chosen[3], self.plate(3).box)
        self.assertIsNone(chosen[5])
        for i in (0, 1, 2, 4, 6, 7):
            self.assertEqual(chosen[i], self.plate(i).box)

    def test_implausible_aspect_never_counts(self):
        square = Detection((100, 200, 60, 60), 10_000)
        chosen = choose_track([[square, self.plate(i)] for i in range(4)])
        self.assertEqual(chosen, [self.plate(i).box for i in range(4)])
        self.assertEqual(choose_track([[square]] * 3), [None, None, None])

    def test_a_far_box_is_rejected(self):
        frames = [[self.plate(i)] for i in range(5)] + [[Detection((450, 50, 150, 33), 800)]]
        self.assertIsNone(choose_track(frames, TrackParams(radius=5))[5])

    def test_unusable_plate_boxes_still_hold_the_track(self):
        # The plate is strongest everywhere but usable in frames 2-4 only; a weak false positive is usable everywhere.
        frames = [[replace(self.plate(i), usable=2 <= i <= 4), Detection((400, 40, 120, 28), 5)] for i in range(8)]
        chosen = choose_track(frames)
        self.assertEqual(chosen, [None, None] + [self.plate(i).box for i in (2, 3, 4)] + [None, None, None])

    def test_local_median_skips_frames_without_boxes(self):
        boxes = [(0, 0, 10, 2), None, (2, 0, 10, 2), (100, 0, 10, 2)]
        self.assertEqual(local_medians(boxes, 1), [(0, 0, 10, 2), (1, 0, 10, 2), (51, 0, 10, 2), (51, 0, 10, 2)])
        self.assertEqual(local_medians([None, None], 3), [None, None])


class PlateGlyphsTest(unittest.TestCase):
    def setUp(self):
        # A light plate with dark text "AB-123" (5 characters, one dash) on a mid-grey surround.
        self.image = np.full((120, 400), 90, np.uint8)
        cv2.rectangle(self.image, (60, 40), (339, 99), 220, -1)
        cv2.putText(self.image, "AB-123", (75, 88), cv2.FONT_HERSHEY_SIMPLEX, 1.6, 20, 4)
        self.box = (60, 40, 280, 60)

    def test_whole_text_counts_each_character(self):
        glyphs = count_glyphs(self.image, self.box, (0.05, 0.15))
        self.assertEqual(glyphs, Glyphs(whole=5, cut=0))
        self.assertTrue(fits_text(glyphs, "AB123"))
        self.assertFalse(fits_text(glyphs, "AB1234"))  # a character short
        # A box taller than the plate: its padded crop shows dark car body beside the plate, which cuts nothing.
        self.assertEqual(count_glyphs(self.image, (60, 35, 280, 70), (0.05, 0.15)), Glyphs(whole=5, cut=0))

    def test_a_box_cutting_the_last_character_fails(self):
        narrow = (40, 40, 220, 60)  # its padded crop ends inside the "3"
        glyphs = count_glyphs(self.image, narrow, (0.05, 0.15))
        self.assertEqual(glyphs, Glyphs(whole=4, cut=1))
        self.assertFalse(fits_text(glyphs, "AB123"))
        self.assertFalse(fits_text(Glyphs(whole=5, cut=1), "AB123"))  # an extra blob does not make up for a cut

    def test_blue_band_is_not_a_character(self):
        colour = cv2.cvtColor(self.image, cv2.COLOR_GRAY2BGR)
        colour[self.image == 90] = 170  # a light surround, so that the band stands alone
        cv2.rectangle(colour, (60, 40), (72, 99), (160, 50, 20), -1)  # a blue band at the plate's left end
        tall = (60, 35, 280, 70)  # a box taller than the plate: the band is character-sized
        self.assertEqual(count_glyphs(colour, tall, (0.05, 0.15)), Glyphs(whole=5, cut=0))
        grey = cv2.cvtColor(colour, cv2.COLOR_BGR2GRAY)  # without colour the dark band looks like a character
        self.assertEqual(count_glyphs(grey, tall, (0.05, 0.15)), Glyphs(whole=6, cut=0))

    def test_no_text_fails(self):
        blank = np.full((120, 400), 200, np.uint8)
        self.assertFalse(fits_text(count_glyphs(blank, self.box, (0.05, 0.15)), "AB123"))


class ClipLabelsTest(unittest.TestCase):
    def test_usable_clips(self):
        country = load_country("eu")
        train, val = name_in("train", "clip{}.avi"), name_in("val", "clip{}.avi")
        two = name_in("train", "pair{}.avi")
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            for name in (train, val, two):
                (folder / name).write_bytes(b"")
            (folder / "labels.csv").write_text(
                f"clip,plate\n{train},12-ABC-3\n{val},XS-NB-23\n{two},62-PB-VT\n{two},28-RBN-4\n", encoding="utf-8")
            clips = {c.path.name: c for c in read_clip_labels(folder)}
            self.assertIsNone(skip_reason(clips[train], country))
        self.assertEqual(clips[train].plates, ("12ABC3",))
        self.assertEqual(clips[two].plates, ("62PBVT", "28RBN4"))
        self.assertIn("val split", skip_reason(clips[val], country))
        self.assertIn("2 labelled plates", skip_reason(clips[two], country))
        self.assertIn("missing", skip_reason(clips[train], country))  # the folder is gone by now
        self.assertIn("outside the charset", skip_reason(LabelledClip(clips[train].path, ("12ÄBC3",)), country))


class HarvestedCropsTest(unittest.TestCase):
    def test_split_follows_the_clip_not_the_crop_file(self):
        country = load_country("eu")
        train_clip, val_clip = name_in("train", "eu/clips/c{}.avi"), name_in("val", "eu/clips/c{}.avi")
        # Crop files whose own names hash to the opposite split of their clip.
        train_file, val_file = name_in("val", "t{}.png"), name_in("train", "v{}.png")
        crops = [HarvestedCrop(train_file, "12ABC3", train_clip, 0), HarvestedCrop(val_file, "XSNB23", val_clip, 4),
                 HarvestedCrop("bad.png", "12-ä", train_clip, 6)]
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            for crop in crops:
                cv2.imwrite(str(folder / crop.file), np.full((30, 120, 3), 128, np.uint8))
            write_harvested(folder, crops)
            self.assertTrue(is_harvested(folder))
            self.assertEqual(read_harvested(folder), crops)
            train = load_real_crops([str(folder)], country, "train")
            val = load_real_crops(str(folder), country, "val")
            everything = load_real_crops([str(folder)], country, "all")
        self.assertEqual(train.texts, ["12ABC3"])        # the charset filter drops "12-ä"
        self.assertEqual(train.images.shape, (1, 24, 94, 3))
        self.assertEqual(val.texts, ["XSNB23"])
        self.assertEqual(everything.texts, ["12ABC3", "XSNB23"])

    def test_source_names(self):
        self.assertEqual(source_path("eu/scenes"), SHARED_DATA / "eu/scenes")
        self.assertEqual(source_path("repo:training/cache/clip-crops/eu"), REPO_ROOT / "training/cache/clip-crops/eu")
        self.assertEqual(load_real_crops(None, load_country("eu"), "val").images.shape, (0, 24, 94, 3))


if __name__ == "__main__":
    unittest.main()
