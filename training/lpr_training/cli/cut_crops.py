"""Cut the labelled plates of photos into a folder of PNG crops named by their text, as the team's held-out
recognizer set is made (hand-labelled boxes plus about 10% margin), so `lpr recognize <dir> --json` can be scored on
them: `npx lpr recognize <dir> --country cn --json` and compare each file's stem (before any `~n`) with its plate.

python -m lpr_training.cli.cut_crops --labels repo:training/labels/cn-scenes.csv --out /tmp/street-crops
    [--margin 0.1] [--rows 1] [--split val] [--styles blue,yellow]
"""
import argparse
from collections import Counter
from pathlib import Path

import cv2

from ..common.boxes import padded_crop
from ..common.scene_labels import load_scene_set, read_bgr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labels", required=True, help="a labels-csv source (see common/scene_labels.py)")
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--margin", type=float, default=0.1, help="margin per side, share of the box (x and y)")
    parser.add_argument("--rows", type=int, help="only plates with this many rows")
    parser.add_argument("--styles", help="only plates of these styles, comma-separated (e.g. blue,yellow)")
    parser.add_argument("--split", default="all", choices=["all", "train", "val"], help="photos of this split")
    args = parser.parse_args()
    spec = {"format": "labels-csv", "path": args.labels, **({"rows": args.rows} if args.rows else {}),
            **({"styles": args.styles.split(",")} if args.styles else {})}
    args.out.mkdir(parents=True, exist_ok=True)
    seen: Counter[str] = Counter()
    for scene in load_scene_set(spec, args.split):
        image = read_bgr(scene.path)
        for box, text in zip(scene.boxes, scene.texts):
            if not text:
                continue  # unreadable: nothing to score
            seen[text] += 1
            name = text if seen[text] == 1 else f"{text}~{seen[text]}"
            crop = padded_crop(image, box, (args.margin, args.margin))
            cv2.imencode(".png", crop)[1].tofile(str(args.out / f"{name}.png"))
    print(f"{sum(seen.values())} crops -> {args.out}")


if __name__ == "__main__":
    main()
