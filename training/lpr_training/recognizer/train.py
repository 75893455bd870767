"""The recognizer training loop: mixed batches, CTC loss, Adam with step drops, STN switched on later,
periodic validation, checkpoints, curves, and an exported best-by-validation model in the run directory."""
import json
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from ..common.country import load_country
from ..common.paths import REPO_ROOT
from ..common.real_crops import load_real_crops
from . import checkpoint
from .batches import MixedBatches
from .evaluate import accuracy, predict_scores
from .export import write_model
from .onnx_init import load_exported_weights
from .plot import plot_curves
from .scene_plates import ScenePlateSampler, load_scene_plates
from ..synth.damage import Turns
from .synthetic_cache import load_or_build

BEST_METRIC = "beamTemplates"


def learning_rate(config: dict, progress: float) -> float:
    drops = sum(progress >= point for point in config["lr_drops"])
    return config["learning_rate"] * 0.1 ** drops


def training_device(setting: str) -> torch.device:
    """`device` of the config: auto (CUDA when PyTorch has a GPU, else the CPU), cpu or cuda."""
    if setting == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if setting == "cuda" and not torch.cuda.is_available():
        raise SystemExit("device: cuda, but PyTorch sees no GPU (torch.cuda.is_available() is False): "
                         "use device=auto or cpu, or a CUDA build of PyTorch")
    if setting not in ("cpu", "cuda"):
        raise SystemExit(f"device must be auto, cpu or cuda, got {setting!r}")
    return torch.device(setting)


def device_name(device: torch.device) -> str:
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    return f"cpu x{torch.get_num_threads()}"


def training_summary(config: dict, device: str, iteration: int, seconds: float, synthetic: int, real: int,
                     scenes: int) -> dict:
    return {
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
        "config": f"training/configs/recognizer-{config['country']}.yaml",
        "iterations": iteration,
        "seconds": round(seconds),
        "device": device,
        "batchSize": config["batch_size"],
        "initFrom": config.get("init_from"),
        "data": {"synthetic": synthetic, "real": real, "realSource": config["real_crops"] or "none",
                 "realFraction": config["real_fraction"] if real else 0.0,
                 "scenePlates": scenes, "sceneSource": config.get("real_scenes") or "none",
                 "sceneFraction": config.get("real_scene_fraction", 0.0) if scenes else 0.0,
                 "split": "lpr_training.common.splits: sha1(stem)[:8] % 10 < 3 -> validation"},
    }


def train(config: dict, run_dir: Path, resume: bool) -> None:
    torch.set_num_threads(config["threads"])
    device = training_device(config.get("device", "auto"))
    device_label = device_name(device)
    torch.manual_seed(config["seed"])
    rng = np.random.default_rng(config["seed"])
    country = load_country(config["country"])
    run_dir.mkdir(parents=True, exist_ok=True)
    last_path, best_path = run_dir / "last.pt", run_dir / "best.pt"

    synthetic = load_or_build(country.code, config["synthetic_count"], config["synthetic_seed"],
                              turns=Turns(*config.get("synthetic_wide_turns", Turns())))
    real_train = load_real_crops(config["real_crops"], country, "train") if config["real_crops"] else None
    validation = load_real_crops(config["real_crops"], country, "val") if config["real_crops"] else None
    use_real = real_train is not None and config["real_fraction"] > 0
    scene_plates = (ScenePlateSampler(load_scene_plates(config["real_scenes"], country, "train"), country)
                    if config.get("real_scenes") and config.get("real_scene_fraction", 0) > 0 else None)
    batches = MixedBatches(country, synthetic, (real_train.images, real_train.texts) if use_real else None,
                           config["real_fraction"], config["batch_size"], config["input_mean"], config["input_std"], rng,
                           config.get("province_swap", 0.0), config.get("province_swap_width", 0.15),
                           config.get("province_repaint", 0.0), scene_plates, config.get("real_scene_fraction", 0.0))

    model = checkpoint.build_model(config).to(memory_format=torch.channels_last)
    if config.get("init_from") and not resume:
        load_exported_weights(model, REPO_ROOT / config["init_from"])
        print(f"weights from {config['init_from']}; BatchNorms frozen", flush=True)
    elif config.get("init_from"):
        model.freeze_batchnorm()
    model.to(device)
    model.stn_enabled = bool(config.get("init_from")) and model.locnet is not None
    optimizer = torch.optim.Adam(model.parameters(), lr=config["learning_rate"], weight_decay=config["weight_decay"])
    iteration, elapsed, best, history = 0, 0.0, -1.0, []
    if resume and last_path.is_file():
        state = torch.load(last_path, map_location="cpu")
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        model.stn_enabled = state["stn_enabled"]
        iteration, elapsed, best, history = state["iteration"], state["elapsed"], state["best"], state["history"]
        rng.bit_generator.state = state["rng"]
        torch.set_rng_state(state["torch_rng"])
        print(f"resumed from {last_path} at iteration {iteration}", flush=True)
    (run_dir / "config.json").write_text(json.dumps(config, indent=2))
    print(f"run {run_dir} on {device_label}: {config}", flush=True)

    def state_dict() -> dict:
        return {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "config": config,
                "stn_enabled": model.stn_enabled, "iteration": iteration, "elapsed": elapsed, "best": best,
                "history": history, "rng": rng.bit_generator.state, "torch_rng": torch.get_rng_state(),
                "training": summary()}

    def summary() -> dict:
        return training_summary(config, device_label, iteration, elapsed, len(synthetic[1]),
                                len(real_train.texts) if use_real else 0, len(scene_plates) if scene_plates else 0)

    budget = config["max_minutes"] * 60
    session_start = time.time() - elapsed
    last_checkpoint = window_start = time.time()
    window_images, window_loss = 0, []
    while iteration < config["iterations"] and elapsed < budget:
        progress = max(iteration / config["iterations"], elapsed / budget)
        lr = learning_rate(config, progress)
        for group in optimizer.param_groups:
            group["lr"] = lr
        if model.locnet is not None and not model.stn_enabled and iteration >= config["stn_start_iteration"]:
            model.stn_enabled = True
            print(f"iteration {iteration}: spatial transformer switched on", flush=True)

        images, labels, lengths = (tensor.to(device) for tensor in batches.next())
        log_probs = F.log_softmax(model(images), dim=1).permute(2, 0, 1)  # [T, N, C] for ctc_loss
        input_lengths = torch.full((images.shape[0],), log_probs.shape[0], dtype=torch.long, device=device)
        loss = F.ctc_loss(log_probs, labels, input_lengths, lengths, blank=country.blank_index, zero_infinity=True)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        iteration += 1
        elapsed = time.time() - session_start
        window_images += images.shape[0]
        window_loss.append(loss.item())

        if iteration % config["log_every"] == 0:
            speed = window_images / (time.time() - window_start)
            history.append({"iteration": iteration, "loss": float(np.mean(window_loss)), "lr": lr})
            print(f"iter {iteration} loss {np.mean(window_loss):.4f} lr {lr:.1e} imgs/s {speed:.1f} "
                  f"elapsed {elapsed / 60:.1f}min", flush=True)
            window_start, window_images, window_loss = time.time(), 0, []

        final = iteration >= config["iterations"] or elapsed >= budget
        if validation is not None and (iteration % config["validate_every"] == 0 or final):
            started = time.time()
            scores = predict_scores(model, validation.images, config["input_mean"], config["input_std"])
            val = accuracy(scores, validation.texts, country)
            history.append({"iteration": iteration, "val": val})
            print(f"iter {iteration} val " + " ".join(f"{k} {v['sequence']:.4f}/{v['character']:.4f}"
                                                      for k, v in val.items())
                  + f" (sequence/char, {len(validation.texts)} images, {time.time() - started:.0f}s)", flush=True)
            plot_curves(history, run_dir / "curves.png")
            if val[BEST_METRIC]["sequence"] > best:
                best = val[BEST_METRIC]["sequence"]
                checkpoint.save(best_path, {**state_dict(), "validation": val})
                write_model(model, config, summary(), {"images": len(validation.texts),
                                                       **{k: v["sequence"] for k, v in val.items()}},
                            run_dir / f"lprnet-{country.code}.onnx")
                print(f"iter {iteration} new best {BEST_METRIC} {best:.4f}: saved {best_path} and exported", flush=True)
            window_start = time.time()  # validation time does not count against training speed
        if time.time() - last_checkpoint > config["checkpoint_minutes"] * 60 or final:
            checkpoint.save(last_path, state_dict())
            last_checkpoint = time.time()
    print(f"done: {iteration} iterations in {elapsed / 60:.1f} min, best {BEST_METRIC} {best:.4f}", flush=True)
