"""Sequence and character accuracy of a recognizer with greedy, beam and beam+template decoding."""
import numpy as np
import torch

from ..common.country import Country
from .batches import to_tensor
from .ctc_decode import beam_decode, greedy_decode

DECODERS = {
    "greedy": lambda scores, country: greedy_decode(scores, country),
    "beam": lambda scores, country: beam_decode(scores, country),
    "beamTemplates": lambda scores, country: beam_decode(scores, country, templates=True),
}


def edit_distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ca != cb))
    return row[-1]


@torch.no_grad()
def predict_scores(model: torch.nn.Module, images: np.ndarray, mean, std, batch_size: int = 256) -> np.ndarray:
    """Raw scores [N, C, T] for uint8 RGB images [N, 24, 94, 3]."""
    training = model.training
    model.eval()
    device = next(model.parameters()).device
    out = [model(to_tensor(images[i: i + batch_size], mean, std).to(device)).cpu().numpy()
           for i in range(0, len(images), batch_size)]
    model.train(training)
    return np.concatenate(out)


def accuracy(scores: np.ndarray, texts: list[str], country: Country, decoders=tuple(DECODERS)) -> dict:
    """Per decoder: sequence accuracy (whole plate right) and character accuracy (1 - edit distance / length), and
    province accuracy where the country has provinces (`province_accuracy`)."""
    result = {}
    for name in decoders:
        predictions = [DECODERS[name](s, country) for s in scores]
        sequence = np.mean([p == t for p, t in zip(predictions, texts)])
        character = np.mean([max(0.0, 1 - edit_distance(p, t) / len(t)) for p, t in zip(predictions, texts)])
        result[name] = {"sequence": float(sequence), "character": float(character)}
        province = province_accuracy(predictions, texts, country.classes.get("province", ""))
        if province is not None:
            result[name]["province"] = province
    return result


def province_accuracy(predictions: list[str], texts: list[str], provinces: str) -> float | None:
    """Of the plates that begin with a province character, the share read with that province first. The province is
    the character a model trained on mostly one province's real plates reads worst (on fresh synthetic plates
    2026.11.24-9 misreads it 6 times as often as any other position), and real plates of other provinces show it
    first. None when no plate begins with one."""
    pairs = [(p, t) for p, t in zip(predictions, texts) if t[:1] and t[0] in provinces]
    return float(np.mean([p[:1] == t[0] for p, t in pairs])) if pairs else None
