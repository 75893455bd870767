"""Evaluate a plate cascade on the labelled scenes: `npm run eval:detector -- --country cn [--record]`.

Uses native cv2.CascadeClassifier with the runtime's detection parameters from the config. Reports, at the config's
IoU threshold: the held-out (val split) scenes of the country, all its labelled scenes (train-split plates were
training positives), the same for the config's `evaluation.more_sets` (other sets of the country's plates), and false
positives per image on the val split of `evaluation.foreign_sets` (default: the other scene sets; foreign plates
ignored).
"""
import argparse
import json
from pathlib import Path

import cv2

from ..detector.config import config_path, load_config
from ..detector.detection_eval import DetectionParams, evaluate
from ..detector.metadata import record_evaluation
from ..common.scene_labels import load_scene_set


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--country", default="cn")
    parser.add_argument("--config", help="config YAML (default training/configs/detector-<country>.yaml)")
    parser.add_argument("--cascade", help="cascade XML (default: the config's output)")
    parser.add_argument("--min-neighbors", type=int, help="override the config's detection.min_neighbors")
    parser.add_argument("--record", action="store_true", help="store the numbers in the cascade's JSON metadata")
    args = parser.parse_args()

    cv2.setNumThreads(1)  # ms/image as on one core
    config = load_config(config_path(args.country, args.config))
    xml = Path(args.cascade) if args.cascade else config.output
    detector = cv2.CascadeClassifier(str(xml))
    if detector.empty():
        raise SystemExit(f"OpenCV cannot load {xml}")
    spec = config["detection"]
    params = DetectionParams(spec["scale_factor"],
                             args.min_neighbors if args.min_neighbors is not None else spec["min_neighbors"],
                             spec["max_width_fraction"])
    target = config["evaluation"]["scene_set"]
    threshold = config["evaluation"]["iou"]
    sets = config["scene_sets"]
    report = {
        "iou_threshold": threshold,
        "detection": {"scaleFactor": params.scale_factor, "minNeighbors": params.min_neighbors,
                      "minPlateWidthPx": config.window[0], "maxPlateWidthFraction": params.max_width_fraction},
    }
    own = [target, *config["evaluation"].get("more_sets", [])]
    for name in own:
        for split, label in (("val", "val_heldout"), ("all", "all")):
            report[f"{name}_{label}"] = evaluate(detector, config.window, load_scene_set(sets[name], split), params,
                                                 threshold)
    for name in config["evaluation"].get("foreign_sets", [n for n in sets if n not in own]):
        report[f"{name}_val_foreign"] = evaluate(detector, config.window, load_scene_set(sets[name], "val"), params,
                                                 threshold, plates_are_targets=False)
    summary = {key: {k: v for k, v in value.items() if k != "per_image"} if isinstance(value, dict) else value
               for key, value in report.items()}
    print(json.dumps(summary, indent=1))
    if args.record:
        record_evaluation(xml, report)


if __name__ == "__main__":
    main()
