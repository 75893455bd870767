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
from ..detector.detection_eval import match


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
    parser.add_argument("--list", action="store_true", help="print each photo's misses and false positives")
    args = parser.parse_args()

    detections = read_detections(args.detections)
    found = wrong = plates = 0
    for scene in load_scene_set({"format": "labels-csv", "path": args.labels}, args.split):
        boxes = detections.get(scene.path.name, np.zeros((0, 4)))
        hits, false = match(boxes, scene.boxes, args.iou)
        found, wrong, plates = found + hits, wrong + false, plates + len(scene.boxes)
        if args.list and (hits < len(scene.boxes) or false):
            sizes = ", ".join(f"{w:.0f}x{h:.0f}" for _, _, w, h in scene.boxes)
            print(f"{scene.path.name}: {hits}/{len(scene.boxes)} found (plates {sizes}), {false} false")
    print(f"{args.split}: {plates} plates, recall {found / max(1, plates):.1%} ({found}), "
          f"precision {found / max(1, found + wrong):.1%} ({wrong} false)")


if __name__ == "__main__":
    main()
