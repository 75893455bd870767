"""Write a PNG contact sheet of synthetic plates to check the generator by eye: one row of clean plates per
style, then damaged 94x24 recognizer inputs (shown enlarged) with their texts.

python -m lpr_training.cli.render_plates --country cn [--out training/runs/plates.png] [--rows 12] [--seed 0]
"""
import argparse
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ..common.country import load_country
from ..common.paths import RUNS_DIR
from ..synth import render_plate, render_sample
from ..synth.fonts import faces_for

CELL_W, CELL_H, LABEL_H, COLUMNS = 282, 72, 22, 5


def contact_sheet(country_code: str, rows: int, seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    country = load_country(country_code)
    cells = []
    for style in country.styles:  # clean plates, one of each style per column
        for _ in range(COLUMNS):
            plate, text = render_plate(rng, country, style)
            cells.append((plate, f"{style.name} {text}"))
    for _ in range(rows * COLUMNS):
        image, text = render_sample(rng, country)
        cells.append((image, text))
    label_font = ImageFont.truetype(faces_for("字")[0].path, 16, index=faces_for("字")[0].index)
    total_rows = (len(cells) + COLUMNS - 1) // COLUMNS
    sheet = Image.new("RGB", (COLUMNS * CELL_W, total_rows * (CELL_H + LABEL_H)), "white")
    draw = ImageDraw.Draw(sheet)
    for i, (image, label) in enumerate(cells):
        x, y = (i % COLUMNS) * CELL_W, (i // COLUMNS) * (CELL_H + LABEL_H)
        enlarged = cv2.resize(image, (CELL_W - 6, CELL_H), interpolation=cv2.INTER_NEAREST)
        sheet.paste(Image.fromarray(enlarged), (x + 3, y))
        draw.text((x + 3, y + CELL_H + 1), label, fill="black", font=label_font)
    return sheet


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--country", required=True)
    parser.add_argument("--out", default=str(RUNS_DIR / "plates.png"))
    parser.add_argument("--rows", type=int, default=12, help="rows of damaged samples")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    contact_sheet(args.country, args.rows, args.seed).save(out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
