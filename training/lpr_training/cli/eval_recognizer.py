"""Evaluate a recognizer checkpoint: sequence and character accuracy with greedy, beam and beam+template decoding
on the real validation split, and optionally on fresh synthetic plates (per template).

python -m lpr_training.cli.eval_recognizer --country cn [--checkpoint training/runs/<run>/best.pt]
    [--synthetic 2000] [--no-stn] [--json out.json]
"""
import argparse
import json
from collections import defaultdict

import torch

from ..common.country import load_country
from ..recognizer import checkpoint
from ..recognizer.evaluate import accuracy, predict_scores
from ..recognizer.validation_sets import real_validation, synthetic_validation, template_of


def report(title: str, result: dict, count: int) -> None:
    print(f"{title} ({count} images): " + "  ".join(
        f"{name} {r['sequence'] * 100:.2f}% seq / {r['character'] * 100:.2f}% char" for name, r in result.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--country", required=True)
    parser.add_argument("--checkpoint", help="default: best.pt of the latest run of the country")
    parser.add_argument("--synthetic", type=int, default=0, help="also evaluate on this many synthetic plates")
    parser.add_argument("--no-stn", action="store_true", help="bypass the spatial transformer (ablation)")
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    torch.set_num_threads(1)
    country = load_country(args.country)
    path = args.checkpoint or checkpoint.latest_best(args.country)
    model, state = checkpoint.load_model(path)
    if args.no_stn:
        model.stn_enabled = False
    config = state["config"]
    print(f"checkpoint {path}: iteration {state['iteration']}, variant {config['variant']}, "
          f"stn {model.stn_enabled}")
    results = {"checkpoint": str(path), "iteration": state["iteration"], "stn": model.stn_enabled}

    images, texts = real_validation(country, config["real_crops"])
    scores = predict_scores(model, images, config["input_mean"], config["input_std"])
    results["real"] = {"images": len(texts), "accuracy": accuracy(scores, texts, country)}
    report("real validation", results["real"]["accuracy"], len(texts))

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
