"""Synthetic plates turned by fixed angles and cut as the team cuts its held-out recognizer crops (the plate's
axis-aligned box plus 10% margin), one folder per angle, the same plates at every angle, so that
`lpr recognize <dir> --json` and `score_reads` measure how reading falls off with the turn.

python -m lpr_training.cli.tilted_crops --country cn --out /tmp/tilted [--count 150] [--angles 0,5,10,15,20,25]
then, per angle: npx lpr recognize /tmp/tilted/a15 --country cn --json > /tmp/a15.jsonl
                 python -m lpr_training.cli.score_reads /tmp/a15.jsonl
Plates alternate blue and yellow (two blue to one yellow) and turn either way; the surround is a plain random colour,
and the crop gets light photometric damage.
"""
import argparse
from pathlib import Path

import cv2
import numpy as np

from ..common.country import load_country
from ..synth.damage import photometric
from ..synth.plate import render_plate

MARGIN = 0.1


def turned_crop(rng: np.random.Generator, plate: np.ndarray, degrees: float) -> np.ndarray:
    """The plate on a plain surround, turned by `degrees`, cut to its corners' box plus MARGIN per side."""
    h, w = plate.shape[:2]
    canvas = np.empty((h * 4, w * 2, 3), np.uint8)
    canvas[:] = rng.uniform(40, 200, 3)
    cy, cx = canvas.shape[0] // 2, canvas.shape[1] // 2
    canvas[cy - h // 2: cy - h // 2 + h, cx - w // 2: cx - w // 2 + w] = plate
    matrix = cv2.getRotationMatrix2D((cx, cy), degrees, 1.0)
    turned = cv2.warpAffine(canvas, matrix, (canvas.shape[1], canvas.shape[0]), borderMode=cv2.BORDER_REPLICATE)
    corners = np.array([[cx - w / 2, cy - h / 2, 1], [cx + w / 2, cy - h / 2, 1],
                        [cx + w / 2, cy + h / 2, 1], [cx - w / 2, cy + h / 2, 1]]) @ matrix.T
    (x0, y0), (x1, y1) = corners.min(0), corners.max(0)
    mx, my = MARGIN * (x1 - x0), MARGIN * (y1 - y0)
    return turned[int(y0 - my): int(y1 + my), int(x0 - mx): int(x1 + mx)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--country", default="cn")
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--count", type=int, default=150, help="plates per angle")
    parser.add_argument("--angles", default="0,5,10,15,20,25", help="turns in degrees, comma-separated")
    parser.add_argument("--seed", type=int, default=1000)
    args = parser.parse_args()
    country = load_country(args.country)
    for angle in [float(a) for a in args.angles.split(",")]:
        folder = args.out / f"a{angle:g}"
        folder.mkdir(parents=True, exist_ok=True)
        rng = np.random.default_rng(args.seed)  # the same plates at every angle
        for i in range(args.count):
            plate, text = render_plate(rng, country, "blue" if i % 3 else "yellow")
            crop = photometric(rng, turned_crop(rng, plate, angle if i % 2 else -angle), 0.5)
            cv2.imencode(".png", cv2.cvtColor(crop, cv2.COLOR_RGB2BGR))[1].tofile(str(folder / f"{text}~{i}.png"))
        print(f"{args.count} crops turned by {angle:g} degrees -> {folder}")


if __name__ == "__main__":
    main()
