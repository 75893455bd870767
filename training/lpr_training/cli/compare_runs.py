"""Plot the loss and validation curves of several recognizer runs in one PNG, e.g. ablations trained side by side.

python -m lpr_training.cli.compare_runs --out curves.png basic=training/runs/abl-basic no-STN=training/runs/abl-nostn
(each run's history is read from its last.pt)
"""
import argparse
from pathlib import Path

import torch

from ..recognizer.plot import plot_comparison


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("runs", nargs="+", help="LABEL=RUN_DIR (or RUN_DIR: its folder name is the label)")
    parser.add_argument("--out", type=Path, required=True, help="PNG to write")
    parser.add_argument("--decoder", default="beamTemplates", choices=["greedy", "beam", "beamTemplates"])
    args = parser.parse_args()
    histories = {}
    for spec in args.runs:
        label, _, folder = spec.rpartition("=")
        run_dir = Path(folder)
        last = run_dir / "last.pt"
        if not last.is_file():
            raise SystemExit(f"no checkpoint {last}: give the folder of a training run (training/runs/<name>)")
        histories[label or run_dir.name] = torch.load(last, map_location="cpu")["history"]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    plot_comparison(histories, args.out, args.decoder)
    print(f"{len(histories)} runs -> {args.out}")


if __name__ == "__main__":
    main()
