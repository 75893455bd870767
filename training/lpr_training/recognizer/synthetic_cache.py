"""Pre-rendered synthetic training plates, stored as uint8 arrays in training/cache/ (rendering is the slow part)."""
import multiprocessing
import time
from pathlib import Path

import numpy as np

from ..common.country import load_country
from ..common.paths import CACHE_DIR
from ..synth import render_sample
from ..synth.damage import DEFAULT_TURNS, Turns

CHUNK = 2000


def _render_chunk(args: tuple[str, int, int, Turns]) -> tuple[np.ndarray, list[str]]:
    country_code, seed, count, turns = args
    rng = np.random.default_rng(seed)
    country = load_country(country_code)
    samples = [render_sample(rng, country, turns=turns) for _ in range(count)]
    return np.stack([image for image, _ in samples]), [text for _, text in samples]


def cache_path(country_code: str, count: int, seed: int, turns: Turns = DEFAULT_TURNS) -> Path:
    wide = "" if turns == DEFAULT_TURNS else f"-turns{turns.wide_share:g}x{turns.wide_degrees:g}"
    return CACHE_DIR / f"{country_code}-synth-{count}-seed{seed}{wide}.npz"


def load_or_build(country_code: str, count: int, seed: int, workers: int = 2,
                  turns: Turns = DEFAULT_TURNS) -> tuple[np.ndarray, list[str]]:
    """(images uint8 [N, 24, 94, 3] RGB, texts); built in parallel chunks and saved on first use."""
    path = cache_path(country_code, count, seed, turns)
    if path.is_file():
        data = np.load(path)
        return data["images"], [str(t) for t in data["texts"]]
    started = time.time()
    jobs = [(country_code, seed * 100003 + i, min(CHUNK, count - start), turns)
            for i, start in enumerate(range(0, count, CHUNK))]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        chunks = pool.map(_render_chunk, jobs)
    images = np.concatenate([c[0] for c in chunks])
    texts = [t for c in chunks for t in c[1]]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, images=images, texts=np.array(texts))
    tmp.rename(path)
    print(f"synthetic cache: {count} plates in {time.time() - started:.0f}s -> {path}", flush=True)
    return images, texts
