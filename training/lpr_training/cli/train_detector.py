"""Train an LBP cascade plate detector: `npm run train:detector -- --country cn [--config ...] [--fresh]`.

Stages are checkpointed in the run folder (training/runs/<config name>/cascade.xml); rerunning resumes there, and
`--stages N` with N up to the checkpoint's stage count writes the checkpoint's first N stages out (the checkpoint
keeps all of them).
The finished cascade goes to the config's `output` (models/cascade-<c>.xml) with its JSON metadata.
"""
import argparse
import sys
import time

import cv2

from ..common.paths import RUNS_DIR
from ..detector.cascade_trainer import CHECKPOINT_NAME, HISTORY_NAME, stage_params, train_cascade
from ..detector.cascade_xml import write_cascade_xml
from ..detector.config import config_path, load_config
from ..detector.metadata import write_training_metadata


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--country", default="cn")
    parser.add_argument("--config", help="config YAML (default training/configs/detector-<country>.yaml)")
    parser.add_argument("--run-dir", help="checkpoint folder (default training/runs/<config name>)")
    parser.add_argument("--fresh", action="store_true", help="discard the run folder's checkpoint first")
    parser.add_argument("--stages", type=int,
                        help="override stages.count (e.g. to write out the first N stages of a longer checkpoint)")
    args = parser.parse_args()

    cv2.setNumThreads(1)  # the machine is shared: one core for mining
    config = load_config(config_path(args.country, args.config))
    if args.stages is not None:
        config["stages"]["count"] = args.stages
    run_dir = RUNS_DIR / (args.run_dir or config.name)
    run_dir.mkdir(parents=True, exist_ok=True)
    if args.fresh:  # only the checkpoint: the run folder may hold the log being written
        for name in (CHECKPOINT_NAME, HISTORY_NAME):
            (run_dir / name).unlink(missing_ok=True)
    started = time.monotonic()

    def log(message: str) -> None:
        print(f"[{time.monotonic() - started:7.0f}s] {message}", flush=True)

    cascade, summary = train_cascade(config, run_dir, log)
    if not cascade.stages:
        sys.exit("no stage could be trained")
    config.output.parent.mkdir(parents=True, exist_ok=True)
    write_cascade_xml(cascade, config.output, stage_params(config))
    write_training_metadata(config, cascade, summary)
    log(f"wrote {config.output} and its JSON metadata")


if __name__ == "__main__":
    main()
