"""Writes test/fixtures/cascade-agreement/: a cascade, ~40 window-sized grey PNGs (half plates) and expected.json
with our evaluator's verdict for each, checked against native OpenCV. The TypeScript test replays it on opencv-wasm
without Python: a window-sized image with minSize = maxSize = window and minNeighbors 0 evaluates exactly one window.

    PYTHONPATH=training /usr/bin/python3 -m lpr_training.detector.agreement_fixture --country cn \
        --cascade models/cascade-cn.xml

Plate windows come from the config's evaluation scene set, clutter from the val split of its other scene sets.
"""
import argparse
import json
import shutil
from pathlib import Path

import cv2
import numpy as np

from ..common.paths import REPO_ROOT
from .augmentation import extract_window
from .cascade_xml import read_cascade_xml
from .config import DetectorConfig, config_path, load_config
from .negative_mining import pyramid_windows
from ..common.scene_labels import LabelledScene, load_scene_set

FIXTURE_DIR = REPO_ROOT / "test" / "fixtures" / "cascade-agreement"
MINING_SCALE_FACTOR = 1.1


def _plate_windows(scenes: list[LabelledScene], width: int, height: int, count: int,
                   rng: np.random.Generator) -> list[np.ndarray]:
    """Windows on labelled plates, loosened or shifted so that some fail a stage."""
    windows = []
    for scene in scenes:
        gray = scene.load_gray()
        for x, y, w, h in scene.boxes:
            dx, dy, grow = rng.uniform(-0.15, 0.15) * w, rng.uniform(-0.2, 0.2) * h, rng.uniform(0.9, 1.25)
            windows.append(extract_window(gray, (x + dx, y + dy, w * grow, h * grow), width, height))
    return [windows[i] for i in rng.permutation(len(windows))[:count]]


def _clutter_windows(scenes: list[LabelledScene], xml: Path, width: int, height: int, count: int,
                     rng: np.random.Generator) -> list[np.ndarray]:
    """Windows of photos: half that OpenCV accepts (hard cases), half at random positions."""
    detector = cv2.CascadeClassifier(str(xml))
    accepted, random = [], []
    for scene in scenes:
        gray = scene.load_gray()
        rects = np.asarray(detector.detectMultiScale(gray, scaleFactor=MINING_SCALE_FACTOR, minNeighbors=0,
                                                     minSize=(width, height)), int).reshape(-1, 4)
        if len(rects):
            accepted.append(pyramid_windows(gray, rects[rng.integers(len(rects), size=1)], width, height,
                                            MINING_SCALE_FACTOR)[0])
        x, y = rng.integers(gray.shape[1] - width), rng.integers(gray.shape[0] - height)
        random.append(gray[y: y + height, x: x + width].copy())
    return accepted[: count // 2] + random[: count - min(len(accepted), count // 2)]


def write_fixture(config: DetectorConfig, cascade_xml: Path, out: Path, count: int, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    cascade = read_cascade_xml(cascade_xml)
    width, height = cascade.window_width, cascade.window_height
    target = config["evaluation"]["scene_set"]
    plates = load_scene_set(config["scene_sets"][target])
    others = [s for name, spec in config["scene_sets"].items() if name != target for s in load_scene_set(spec, "val")]
    samples = [("plate", w) for w in _plate_windows(plates, width, height, count // 2, rng)]
    samples += [("clutter", w) for w in _clutter_windows(others, cascade_xml, width, height, count - len(samples), rng)]
    windows = np.stack([w for _, w in samples])
    passed = cascade.stages_passed(cascade.codes(windows))
    detector = cv2.CascadeClassifier(str(cascade_xml))
    size = (width, height)
    opencv = [len(detector.detectMultiScale(w, scaleFactor=1.1, minNeighbors=0, minSize=size, maxSize=size)) > 0
              for w in windows]
    ours = passed == len(cascade.stages)
    if list(ours) != opencv:
        raise AssertionError(f"our evaluator and OpenCV disagree on windows {np.flatnonzero(ours != opencv)}")

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    shutil.copyfile(cascade_xml, out / "cascade.xml")
    entries = []
    for i, ((label, window), stages) in enumerate(zip(samples, passed)):
        name = f"{label}-{i:02d}.png"
        cv2.imwrite(str(out / name), window)
        entries.append({"file": name, "label": label, "passes": bool(stages == len(cascade.stages)),
                        "stagesPassed": int(stages)})
    expected = {
        "cascade": "cascade.xml",
        "window": {"width": width, "height": height},
        "stages": len(cascade.stages),
        "detectMultiScale": {"scaleFactor": 1.1, "minNeighbors": 0, "minSize": [width, height],
                             "maxSize": [width, height]},
        "note": "passes = the window survives every stage (our Python evaluator; verified with native OpenCV 4.6)",
        "windows": entries,
    }
    (out / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    return expected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--country", default="cn")
    parser.add_argument("--config", help="config YAML (default training/configs/detector-<country>.yaml)")
    parser.add_argument("--cascade", required=True)
    parser.add_argument("--out", default=str(FIXTURE_DIR))
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    config = load_config(config_path(args.country, args.config))
    expected = write_fixture(config, Path(args.cascade), Path(args.out), args.count, args.seed)
    verdicts = [w["passes"] for w in expected["windows"]]
    print(f"{len(verdicts)} windows, {sum(verdicts)} pass all {expected['stages']} stages -> {args.out}")


if __name__ == "__main__":
    main()
