"""Training batches mixing real crops (heavily augmented online) and cached synthetic plates (lightly augmented)."""
import cv2
import numpy as np
import torch

from ..common.country import Country
from ..synth import photometric


def random_affine(rng: np.random.Generator, image: np.ndarray, amount: float) -> np.ndarray:
    """Small rotation, scale, shear and shift; amount 1 = up to 4 degrees, 8% scale, 3 px shift."""
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), rng.uniform(-4, 4) * amount, 1 + rng.uniform(-0.08, 0.08) * amount)
    matrix[0, 1] += rng.uniform(-0.15, 0.15) * amount
    matrix[:, 2] += rng.uniform(-3, 3, 2) * amount * np.array([1.0, 0.5])
    return cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def to_tensor(images: np.ndarray, mean, std) -> torch.Tensor:
    """uint8 [N, H, W, 3] RGB -> normalized float [N, 3, H, W] (channels_last memory, faster convs on CPU)."""
    x = torch.from_numpy(images).permute(0, 3, 1, 2).float()
    x = (x - torch.tensor(mean).view(1, 3, 1, 1)) / torch.tensor(std).view(1, 3, 1, 1)
    return x.contiguous(memory_format=torch.channels_last)


class MixedBatches:
    def __init__(self, country: Country, synthetic: tuple[np.ndarray, list[str]],
                 real: tuple[np.ndarray, list[str]] | None, real_fraction: float, batch_size: int,
                 mean, std, rng: np.random.Generator):
        self.country = country
        self.synthetic_images, self.synthetic_texts = synthetic
        self.real_images, self.real_texts = real if real is not None else (None, [])
        self.real_count = round(batch_size * real_fraction) if self.real_texts else 0
        self.batch_size = batch_size
        self.mean, self.std = mean, std
        self.rng = rng

    def next(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """(images [N,3,24,94], concatenated label indices, label lengths)."""
        rng = self.rng
        images, texts = [], []
        for i in rng.integers(len(self.real_texts), size=self.real_count) if self.real_count else []:
            images.append(photometric(rng, random_affine(rng, self.real_images[i], 1.0), strength=0.6))
            texts.append(self.real_texts[i])
        for i in rng.integers(len(self.synthetic_texts), size=self.batch_size - self.real_count):
            images.append(random_affine(rng, self.synthetic_images[i], 0.5))
            texts.append(self.synthetic_texts[i])
        labels = torch.tensor([index for t in texts for index in self.country.encode(t)], dtype=torch.long)
        lengths = torch.tensor([len(t) for t in texts], dtype=torch.long)
        return to_tensor(np.stack(images), self.mean, self.std), labels, lengths
