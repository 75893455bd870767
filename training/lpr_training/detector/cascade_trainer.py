"""Training a whole cascade: stage after stage, each on the positives the cascade still keeps and on fresh negatives
the cascade still accepts. Every finished stage is checkpointed as XML, so a stopped run resumes where it was."""
import json
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

from .cascade_model import Cascade
from .cascade_xml import read_cascade_xml, write_cascade_xml
from .config import DetectorConfig
from .lbp_features import enumerate_feature_rects, lbp_codes
from .negative_mining import MiningParams, NegativeMiner
from .stage_training import StageParams, StageProgress, train_stage
from .training_data import negative_images, positive_windows

CHECKPOINT_NAME = "cascade.xml"
HISTORY_NAME = "stages.json"


def stage_params(config: DetectorConfig) -> StageParams:
    spec = config["stages"]
    return StageParams(spec["min_hit_rate"], spec["max_false_alarm_rate"], spec["max_weak_count"])


def resume_from_checkpoint(checkpoint: Path, rects: np.ndarray, window: tuple[int, int]) -> Cascade:
    """The checkpointed cascade with its stumps pointing into the full feature table again."""
    saved = read_cascade_xml(checkpoint)
    if (saved.window_width, saved.window_height) != window:
        raise ValueError(f"{checkpoint} has a different window size; delete it to start over")
    index_of = {tuple(rect): i for i, rect in enumerate(rects.tolist())}
    for stage in saved.stages:
        stage.stumps = [replace(stump, feature=index_of[tuple(saved.feature_rects[stump.feature].tolist())])
                        for stump in stage.stumps]
    return Cascade(window[0], window[1], rects, saved.stages)


def train_cascade(config: DetectorConfig, run_dir: Path, log: Callable[[str], None]) -> tuple[Cascade, dict]:
    """Train (or resume) the cascade in run_dir; returns it with a summary of data and stages for the metadata."""
    started = time.monotonic()
    rng = np.random.default_rng(config["seed"])
    width, height = config.window
    rects = enumerate_feature_rects(width, height)
    params = stage_params(config)
    checkpoint, history_path = run_dir / CHECKPOINT_NAME, run_dir / HISTORY_NAME

    positives, positive_summary = positive_windows(config, rng)
    positive_codes = lbp_codes(positives, rects)
    images, negative_summary = negative_images(config, rng)
    log(f"{len(positives)} positive windows, {len(images)} negative photos, {len(rects)} LBP features "
        f"({time.monotonic() - started:.0f}s)")
    mining = config["negatives"]["mining"]
    miner = NegativeMiner(images, width, height, MiningParams(
        mining["scale_factor"], tuple(mining["variant_scales"]), mining["max_windows_per_image"]), rng)

    if checkpoint.exists():
        cascade = resume_from_checkpoint(checkpoint, rects, (width, height))
        history = json.loads(history_path.read_text())
    else:
        cascade, history = Cascade(width, height, rects), []
    if cascade.stages:
        log(f"resuming after stage {len(cascade.stages) - 1} from {checkpoint}")
    stop_reason = "stage count reached"
    if len(cascade.stages) > config["stages"]["count"]:
        # Later stages trade recall for precision; a shorter cascade is the checkpoint's first stages.
        del cascade.stages[config["stages"]["count"]:], history[config["stages"]["count"]:]
        stop_reason = f"first {len(cascade.stages)} stages of the checkpoint"
    wanted, enough = config["negatives"]["per_stage"], config["negatives"]["min_per_stage"]
    while len(cascade.stages) < config["stages"]["count"]:
        index = len(cascade.stages)
        kept = cascade.stages_passed(positive_codes) == index
        if cascade.stages:
            mined = miner.mine(cascade, checkpoint, wanted)
            negatives = mined.windows
            log(f"stage {index}: mined {len(negatives)} negatives from {mined.images_scanned} photo variants "
                f"({mined.windows_scanned:.3g} windows scanned, "
                f"cascade false alarm rate ~{mined.false_alarm_rate:.2e}, "
                f"{mined.confirmed_fraction:.1%} of OpenCV's candidates confirmed by our evaluator)")
        else:
            negatives = miner.random_windows(wanted)
        if len(negatives) < enough:
            stop_reason = f"negative pool exhausted at stage {index} ({len(negatives)} < {enough} negatives)"
            break

        def report(progress: StageProgress) -> None:
            log(f"stage {index} weak {progress.weak_count:3d}: hit rate {progress.hit_rate:.4f} "
                f"false alarm {progress.false_alarm_rate:.4f} ({progress.seconds:.0f}s)")

        stage, result = train_stage(positive_codes[kept], lbp_codes(negatives, rects), params, report)
        cascade.stages.append(stage)
        history.append({"stage": index, "weak_count": result.weak_count, "hit_rate": result.hit_rate,
                        "false_alarm_rate": result.false_alarm_rate, "positives": int(kept.sum()),
                        "negatives": len(negatives), "seconds": round(result.seconds, 1)})
        write_cascade_xml(cascade, checkpoint, params)
        history_path.write_text(json.dumps(history, indent=1))
        log(f"stage {index} done: {result.weak_count} weak, hit rate {result.hit_rate:.4f}, false alarm "
            f"{result.false_alarm_rate:.4f}, {int(kept.sum())} positives, {len(negatives)} negatives, "
            f"elapsed {time.monotonic() - started:.0f}s")
    log(f"finished: {stop_reason}, {len(cascade.stages)} stages, {time.monotonic() - started:.0f}s")
    summary = {
        "positives": positive_summary,
        "negatives": negative_summary,
        "stages": history,
        "stop_reason": stop_reason,
        "positive_window_hit_rate": float((cascade.stages_passed(positive_codes) == len(cascade.stages)).mean()),
        "training_seconds_this_run": round(time.monotonic() - started),
    }
    return cascade, summary
