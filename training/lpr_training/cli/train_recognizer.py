"""Train the LPRNet recognizer.

python -m lpr_training.cli.train_recognizer --country cn [--name N] [--max-minutes M] [--set key=value ...]
python -m lpr_training.cli.train_recognizer --country cn --name N --resume [--max-minutes M]
  (resuming keeps the run's own configuration; max_minutes counts the training time of all sessions together)
"""
import argparse
import time

from ..common.paths import RUNS_DIR
from ..recognizer.config import load_config, load_run_config
from ..recognizer.train import train


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--country", required=True)
    parser.add_argument("--config", help="YAML config (default training/configs/recognizer-<country>.yaml)")
    parser.add_argument("--name", help="run directory name under training/runs (default <country>-<timestamp>)")
    parser.add_argument("--resume", action="store_true", help="continue the run from its last.pt")
    parser.add_argument("--max-minutes", type=float, help="wall-clock training budget (overrides the config)")
    parser.add_argument("--set", nargs="*", default=[], metavar="KEY=VALUE", help="config overrides")
    args = parser.parse_args()
    overrides = args.set + ([f"max_minutes={args.max_minutes}"] if args.max_minutes else [])
    name = args.name or f"{args.country}-{time.strftime('%Y%m%d-%H%M%S')}"
    run_dir = RUNS_DIR / name
    if args.resume:
        config = load_run_config(run_dir, overrides)
    else:
        config = load_config(args.country, args.config, overrides)
    train(config, run_dir, args.resume)


if __name__ == "__main__":
    main()
