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
    """Per decoder: sequence accuracy (whole plate right) and character accuracy (1 - edit distance / length)."""
    result = {}
    for name in decoders:
        predictions = [DECODERS[name](s, country) for s in scores]
        sequence = np.mean([p == t for p, t in zip(predictions, texts)])
        character = np.mean([max(0.0, 1 - edit_distance(p, t) / len(t)) for p, t in zip(predictions, texts)])
        result[name] = {"sequence": float(sequence), "character": float(character)}
    return result
