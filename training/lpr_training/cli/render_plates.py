"""Write a PNG contact sheet of synthetic plates to check the generator by eye: one row of clean plates per
style, then damaged 94x24 recognizer inputs (shown enlarged) with their texts.

python -m lpr_training.cli.render_plates --country cn [--out training/runs/plates.png] [--rows 12] [--seed 0]
"""
import argparse
from pathlib import Path

import numpy as np
from PIL import Image

from ..common.contact_sheet import contact_sheet
from ..common.country import load_country
from ..common.paths import RUNS_DIR
from ..synth import render_plate, render_sample

CELL_W, CELL_H, LABEL_H, COLUMNS = 282, 72, 22, 5


def plates_sheet(country_code: str, rows: int, seed: int) -> Image.Image:
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
    return contact_sheet(cells, COLUMNS, (CELL_W, CELL_H), LABEL_H)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--country", required=True)
    parser.add_argument("--out", default=str(RUNS_DIR / "plates.png"))
    parser.add_argument("--rows", type=int, default=12, help="rows of damaged samples")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    plates_sheet(args.country, args.rows, args.seed).save(out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
