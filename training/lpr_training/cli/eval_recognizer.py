"""Evaluate a recognizer checkpoint or exported model: sequence and character accuracy with greedy, beam and
beam+template decoding on the real validation split (or another real crops source), and optionally on fresh
synthetic plates (per template).

python -m lpr_training.cli.eval_recognizer --country cn [--checkpoint training/runs/<run>/best.pt |
    --model models/lprnet-cn.onnx] [--crops SOURCE --split all] [--synthetic 2000] [--no-stn] [--json out.json]

--crops takes any real crops source (common/real_crops.py), e.g. `repo:training/labels/cn-scenes.csv` (multi-province
street photos, never trained on: use --split all), cut with the country's crop padding or --padding 0.1,0.1.
"""
import argparse
import json
from collections import defaultdict

import torch

from ..common.country import load_country
from ..common.real_crops import load_real_crops
from ..recognizer import checkpoint
from ..recognizer.config import load_config
from ..recognizer.onnx_init import load_exported_model
from ..recognizer.evaluate import accuracy, predict_scores
from ..recognizer.validation_sets import real_validation, synthetic_validation, template_of


def report(title: str, result: dict, count: int) -> None:
    print(f"{title} ({count} images): " + "  ".join(
        f"{name} {r['sequence'] * 100:.2f}% seq / {r['character'] * 100:.2f}% char"
        + (f" / {r['province'] * 100:.2f}% province" if "province" in r else "") for name, r in result.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--country", required=True)
    parser.add_argument("--checkpoint", help="default: best.pt of the latest run of the country")
    parser.add_argument("--model", help="an exported model (.onnx with its .json) instead of a checkpoint")
    parser.add_argument("--crops", help="real crops source (default: the training config's real_crops)")
    parser.add_argument("--split", default="val", choices=("train", "val", "all"), help="split of --crops")
    parser.add_argument("--padding", type=lambda v: tuple(float(x) for x in v.split(",")), metavar="X,Y",
                        help="margin per side around labelled boxes in photos (default: the country's crop padding)")
    parser.add_argument("--synthetic", type=int, default=0, help="also evaluate on this many synthetic plates")
    parser.add_argument("--no-stn", action="store_true", help="bypass the spatial transformer (ablation)")
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    torch.set_num_threads(1)
    country = load_country(args.country)
    if args.model:
        model, config = load_exported_model(args.model, load_config(args.country))
        results = {"model": args.model}
    else:
        path = args.checkpoint or checkpoint.latest_best(args.country)
        model, state = checkpoint.load_model(path)
        config = state["config"]
        results = {"checkpoint": str(path), "iteration": state["iteration"]}
    if args.no_stn:
        model.stn_enabled = False
    results["stn"] = model.stn_enabled
    print(f"{results.get('model') or results['checkpoint']}: variant {config['variant']}, stn {model.stn_enabled}")

    if args.crops:
        crops = load_real_crops(args.crops, country, args.split, padding=args.padding)
        images, texts, title = crops.images, crops.texts, f"{args.crops} ({args.split})"
    else:
        (images, texts), title = real_validation(country, config["real_crops"]), "real validation"
    scores = predict_scores(model, images, config["input_mean"], config["input_std"])
    results["real"] = {"source": args.crops or config["real_crops"], "images": len(texts),
                       "accuracy": accuracy(scores, texts, country)}
    report(title, results["real"]["accuracy"], len(texts))

    if args.synthetic:
        images, texts = synthetic_validation(country, args.synthetic)
        scores = predict_scores(model, images, config["input_mean"], config["input_std"])
        results["synthetic"] = {"images": len(texts), "accuracy": accuracy(scores, texts, country)}
        report("synthetic", results["synthetic"]["accuracy"], len(texts))
        by_template = defaultdict(list)
        for i, text in enumerate(texts):
            by_template[template_of(country, text)].append(i)
        results["syntheticByTemplate"] = {}
        for name, indices in by_template.items():
            result = accuracy(scores[indices], [texts[i] for i in indices], country, decoders=("beamTemplates",))
            results["syntheticByTemplate"][name] = {"images": len(indices), "accuracy": result}
            report(f"  synthetic {name}", result, len(indices))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, ensure_ascii=False, indent=2)


if __name__ == "__main__":
    main()
