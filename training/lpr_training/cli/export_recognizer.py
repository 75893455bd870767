"""Export a recognizer checkpoint to ONNX plus its lpr-model/1 metadata, measuring validation accuracy for it.

python -m lpr_training.cli.export_recognizer --country cn [--checkpoint training/runs/<run>/best.pt]
    [--out models/lprnet-cn.onnx] [--build 1]
"""
import argparse
from pathlib import Path

import torch

from ..common.country import load_country
from ..common.paths import MODELS_DIR
from ..recognizer import checkpoint
from ..recognizer.evaluate import accuracy, predict_scores
from ..recognizer.export import write_model
from ..recognizer.validation_sets import real_validation


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--country", required=True)
    parser.add_argument("--checkpoint", help="default: best.pt of the latest run of the country")
    parser.add_argument("--out", help="default: models/lprnet-<country>.onnx (metadata .json beside it)")
    parser.add_argument("--build", type=int, default=1, help="N in the version YYYY.MM.DD-N")
    args = parser.parse_args()
    torch.set_num_threads(1)
    country = load_country(args.country)
    path = args.checkpoint or checkpoint.latest_best(args.country)
    model, state = checkpoint.load_model(path)
    config = state["config"]
    images, texts = real_validation(country, config["real_crops"])
    scores = predict_scores(model, images, config["input_mean"], config["input_std"])
    validation = {"images": len(texts), **{k: v["sequence"] for k, v in accuracy(scores, texts, country).items()}}
    out = Path(args.out) if args.out else MODELS_DIR / f"lprnet-{country.code}.onnx"
    meta = write_model(model, config, state["training"], validation, out, args.build)
    print(f"exported {path} -> {out} ({out.stat().st_size / 1e6:.2f} MB), version {meta['version']}, "
          f"validation {validation}")


if __name__ == "__main__":
    main()
