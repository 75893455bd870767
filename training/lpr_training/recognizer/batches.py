"""Training batches mixing real crops and real plates cut from labelled photos (both heavily augmented online) with
cached synthetic plates (lightly augmented)."""
import cv2
import numpy as np
import torch

from ..common.country import Country
from ..synth import photometric
from .province_repaint import ProvinceRepaint
from .scene_plates import ScenePlateSampler


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


class ProvinceSwap:
    """Give a real crop another real crop's first character (the province): a strip on the left, relabelled.

    The real crops are 96% Anhui (皖): without this, a real-looking plate teaches the model "皖" and it reads other
    provinces' real plates as 皖 although it reads them in synthetic plates. All crops of a set are cut alike, so the
    first character sits in the same left strip (`width` of the crop's width) of every crop.
    """

    def __init__(self, images: np.ndarray, texts: list[str], probability: float, width: float):
        self.images, self.texts = images, texts
        self.probability = probability
        self.cut = round(images.shape[2] * width) if len(texts) else 0
        firsts = np.array([t[0] for t in texts])
        # For each first character, the crops that start with another one: the possible donors.
        self.donors = {c: np.flatnonzero(firsts != c) for c in set(firsts.tolist())}

    def __call__(self, rng: np.random.Generator, i: int) -> tuple[np.ndarray, str]:
        image, text = self.images[i], self.texts[i]
        donors = self.donors.get(text[0])
        if self.cut == 0 or donors is None or len(donors) == 0 or rng.random() >= self.probability:
            return image, text
        j = donors[rng.integers(len(donors))]
        swapped = image.copy()
        swapped[:, : self.cut - 1] = self.images[j][:, : self.cut - 1]
        # One blended column hides the seam.
        swapped[:, self.cut - 1] = (image[:, self.cut - 1].astype(np.uint16) + self.images[j][:, self.cut - 1]) // 2
        return swapped, self.texts[j][0] + text[1:]


class MixedBatches:
    def __init__(self, country: Country, synthetic: tuple[np.ndarray, list[str]],
                 real: tuple[np.ndarray, list[str]] | None, real_fraction: float, batch_size: int,
                 mean, std, rng: np.random.Generator, province_swap: float = 0.0, province_width: float = 0.15,
                 province_repaint: float = 0.0, scene_plates: ScenePlateSampler | None = None,
                 scene_fraction: float = 0.0):
        self.country = country
        self.synthetic_images, self.synthetic_texts = synthetic
        self.real_images, self.real_texts = real if real is not None else (None, [])
        self.real_count = round(batch_size * real_fraction) if self.real_texts else 0
        self.scene_plates = scene_plates
        self.scene_count = round(batch_size * scene_fraction) if scene_plates is not None else 0
        self.batch_size = batch_size
        self.mean, self.std = mean, std
        self.rng = rng
        self.swap = ProvinceSwap(self.real_images, self.real_texts, province_swap, province_width) if self.real_texts else None
        self.repaint = ProvinceRepaint(country.classes.get("province", ""), province_repaint, province_width)

    def next(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """(images [N,3,24,94], concatenated label indices, label lengths)."""
        rng = self.rng
        images, texts = [], []
        for i in rng.integers(len(self.real_texts), size=self.real_count) if self.real_count else []:
            image, text = self.repaint(rng, *self.swap(rng, int(i)))
            images.append(photometric(rng, random_affine(rng, image, 1.0), strength=0.6))
            texts.append(text)
        for _ in range(self.scene_count):
            image, text = self.scene_plates.sample(rng)
            images.append(photometric(rng, random_affine(rng, image, 1.0), strength=0.6))
            texts.append(text)
        for i in rng.integers(len(self.synthetic_texts), size=self.batch_size - self.real_count - self.scene_count):
            images.append(random_affine(rng, self.synthetic_images[i], 0.5))
            texts.append(self.synthetic_texts[i])
        labels = torch.tensor([index for t in texts for index in self.country.encode(t)], dtype=torch.long)
        lengths = torch.tensor([len(t) for t in texts], dtype=torch.long)
        return to_tensor(np.stack(images), self.mean, self.std), labels, lengths
