"""Assembling the positive windows and the negative photo pool a config asks for, with a summary for the metadata."""
import cv2
import numpy as np

from .augmentation import AugmentParams
from .config import DetectorConfig
from .negative_images import NegativeImage, from_globs, from_scenes, synthetic
from .positive_samples import crop_plates, plate_windows, scene_plates, synthetic_plates
from ..common.scene_labels import load_scene_set

SYNTHETIC_BACKGROUND_PHOTOS = 40  # colour photos the synthetic plates are pasted into


def positive_windows(config: DetectorConfig, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    spec = config["positives"]
    width, height = config.window
    params = AugmentParams.from_config(spec["augment"])
    copies = spec["copies"]
    crops = np.zeros((0, height, width), np.uint8)
    if spec.get("crops"):  # a country (or a two-row window) may have no folder of real crops
        crops = plate_windows(rng, crop_plates(spec["crops"]["folder"], config.country, tuple(spec["crops"]["trim"])),
                              copies["crops"], params, width, height)
    scenes = [s for name in spec["scene_sets"] for s in load_scene_set(config["scene_sets"][name], "train")]
    scene_windows = plate_windows(rng, scene_plates(scenes), copies["scenes"], params, width, height)
    backgrounds = _background_photos(config, rng)
    synth = spec["synthetic"]
    synthetic_windows = plate_windows(
        rng, synthetic_plates(rng, config.country, backgrounds, synth["count"], tuple(synth["width_px"]),
                              synth.get("styles")),
        copies["synthetic"], params, width, height)
    summary = {
        "crop_windows": len(crops),
        "scene_windows": len(scene_windows),
        "scene_plates_from": [s.path.name for s in scenes],
        "synthetic_windows": len(synthetic_windows),
        "augmented_copies": copies,
    }
    return np.concatenate([crops, scene_windows, synthetic_windows]), summary


def _background_photos(config: DetectorConfig, rng: np.random.Generator) -> list[np.ndarray]:
    """Colour (RGB) train-split photos of the negative scene sets, plate regions not avoided (plates are small)."""
    scenes = [s for name in config["negatives"]["scene_sets"]
              for s in load_scene_set(config["scene_sets"][name], "train")]
    picked = [scenes[i] for i in rng.permutation(len(scenes))[:SYNTHETIC_BACKGROUND_PHOTOS]]
    return [cv2.cvtColor(cv2.imdecode(np.fromfile(str(s.path), np.uint8), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
            for s in picked]


def negative_images(config: DetectorConfig, rng: np.random.Generator) -> tuple[list[NegativeImage], dict]:
    spec = config["negatives"]
    scenes = [s for name in spec["scene_sets"] for s in load_scene_set(config["scene_sets"][name], "train")]
    images = from_scenes(scenes, spec["max_plate_iou"], spec["max_side"])
    plain = from_globs(spec["globs"], spec["max_side"])
    generated = synthetic(rng, spec["synthetic"]["count"], tuple(spec["synthetic"]["size"]))
    summary = {
        "scene_photos": {name: len(load_scene_set(config["scene_sets"][name], "train")) for name in spec["scene_sets"]},
        "plate_free_photos": len(plain),
        "synthetic_clutter_images": len(generated),
        "windows_on_labelled_plates_excluded_from_iou": spec["max_plate_iou"],
    }
    return images + plain + generated, summary
