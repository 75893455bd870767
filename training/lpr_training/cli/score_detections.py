"""Score the runtime's photo detection against labelled scenes, as the team scores `npx lpr detect <dir> --json` on its
held-out photos: recall and precision at IoU >= 0.3, one detection per labelled plate.

npx lpr detect ../shared/data/cn/scenes-unlabeled --country cn --json > /tmp/detect.jsonl
python -m lpr_training.cli.score_detections --labels repo:training/labels/cn-scenes.csv --detections /tmp/detect.jsonl
    [--split val] [--iou 0.3] [--list]

Photos are matched by file name. A labelled photo missing from the detections counts as all its plates missed.
"""
import argparse
import json
from pathlib import Path

import numpy as np

from ..common.scene_labels import load_scene_set
from ..detector.detection_eval import matched


def read_detections(path: Path) -> dict[str, np.ndarray]:
    boxes = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            boxes[Path(record["file"]).name] = np.array([[b["x"], b["y"], b["w"], b["h"]] for b in record["boxes"]],
                                                        float).reshape(-1, 4)
    return boxes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labels", required=True, help="a labels-csv source (see common/scene_labels.py)")
    parser.add_argument("--detections", required=True, type=Path, help="lpr detect --json output")
    parser.add_argument("--split", default="all", choices=["all", "train", "val"])
    parser.add_argument("--iou", type=float, default=0.3)
    parser.add_argument("--list", action="store_true",
                        help="for each photo with a miss or a false positive: the plates missed (text, size) and the count of false positives")
    args = parser.parse_args()

    detections = read_detections(args.detections)
    found = wrong = plates = 0
    for scene in load_scene_set({"format": "labels-csv", "path": args.labels}, args.split):
        boxes = detections.get(scene.path.name, np.zeros((0, 4)))
        kept, hit = matched(boxes, scene.boxes, args.iou)
        false = len(boxes) - len(kept)
        found, wrong, plates = found + len(hit), wrong + false, plates + len(scene.boxes)
        if args.list and (len(hit) < len(scene.boxes) or false):
            missed = ", ".join(f"{scene.texts[i] or '?'} {w:.0f}x{h:.0f}" for i, (_, _, w, h) in enumerate(scene.boxes)
                               if i not in hit)
            print(f"{scene.path.name}: {len(hit)}/{len(scene.boxes)} found{f' (missed {missed})' if missed else ''}, "
                  f"{false} false")
    print(f"{args.split}: {plates} plates, recall {found / max(1, plates):.1%} ({found}), "
          f"precision {found / max(1, found + wrong):.1%} ({wrong} false)")


if __name__ == "__main__":
    main()
