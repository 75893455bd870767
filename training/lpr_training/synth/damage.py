"""Turn a clean plate into what a detector crop of a real camera frame looks like.

geometric_crop: perspective/rotation/scale of the plate in a surrounding, then a detector-like box around it
(country padding plus jitter: clipped edges or extra border) resampled to the recognizer size.
photometric: blur, light, colour cast, shadow, dirt, noise and JPEG; works on any image size.
damage: both, the usual way to make a training sample.
"""
from typing import NamedTuple

import cv2
import numpy as np

OUTPUT_SIZE = (94, 24)
SUPERSAMPLE = 2  # warp at 2x the output size, then area-downsample, so thin strokes alias like a real camera


class Turns(NamedTuple):
    """How plates are turned in the picture: most by a normal spread of a few degrees, `wide_share` of them uniformly
    within +-`wide_degrees` (a camera beside the road, a car on a slope)."""
    wide_share: float = 0.1
    wide_degrees: float = 15.0


DEFAULT_TURNS = Turns()


def _random_quad(rng: np.random.Generator, w: int, h: int, turns: Turns = DEFAULT_TURNS) -> np.ndarray:
    """Where the plate's corners land after tilt, rotation, shear and out-of-plane turn (in plate pixels)."""
    corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32) - [w / 2, h / 2]
    yaw = rng.uniform(-0.18, 0.18)     # one side nearer the camera: it looks taller
    pitch = rng.uniform(-0.10, 0.10)   # top or bottom nearer
    corners[:, 1] *= 1 + yaw * np.sign(corners[:, 0])
    corners[:, 0] *= 1 + pitch * np.sign(corners[:, 1])
    corners[:, 0] += corners[:, 1] * rng.uniform(-0.15, 0.15)  # shear, slanted camera
    wide = rng.random() >= 1 - turns.wide_share
    angle = np.deg2rad(rng.uniform(-turns.wide_degrees, turns.wide_degrees) if wide else rng.normal(0, 4))
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]], np.float32)
    return corners @ rotation.T


def geometric_crop(rng: np.random.Generator, plate: np.ndarray, padding: tuple[float, float] = (0.06, 0.12),
                   size: tuple[int, int] = OUTPUT_SIZE, turns: Turns = DEFAULT_TURNS) -> np.ndarray:
    """Crop as a detector would: bounding box of the distorted plate, padded by `padding` (x, y) +- jitter."""
    h, w = plate.shape[:2]
    quad = _random_quad(rng, w, h, turns)
    x0, y0 = quad.min(0)
    x1, y1 = quad.max(0)
    bw, bh = x1 - x0, y1 - y0
    # Per-side jitter: negative clips the plate edge, positive adds surrounding (detector boxes are loose or tight).
    pad_x = padding[0] + rng.uniform(-0.08, 0.10, 2)
    pad_y = padding[1] + rng.uniform(-0.16, 0.14, 2)
    box = np.array([x0 - pad_x[0] * bw, y0 - pad_y[0] * bh, x1 + pad_x[1] * bw, y1 + pad_y[1] * bh], np.float32)
    out_w, out_h = size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE
    target = (quad - box[:2]) * [out_w / (box[2] - box[0]), out_h / (box[3] - box[1])]
    source = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    homography = cv2.getPerspectiveTransform(source, target.astype(np.float32))
    surround = _surround(rng, out_h, out_w)
    warped = cv2.warpPerspective(plate, homography, (out_w, out_h), flags=cv2.INTER_LINEAR,
                                 borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    inside = cv2.warpPerspective(np.ones((h, w), np.float32), homography, (out_w, out_h), flags=cv2.INTER_LINEAR)
    blended = warped * inside[..., None] + surround * (1 - inside[..., None])
    return cv2.resize(blended.astype(np.uint8), size, interpolation=cv2.INTER_AREA)


def _surround(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    """Car body / bumper around the plate: a random colour with a smooth light gradient and a little texture."""
    base = rng.uniform(10, 230, 3) if rng.random() < 0.7 else np.full(3, rng.uniform(20, 200))
    ramp = np.linspace(rng.uniform(0.6, 1.2), rng.uniform(0.6, 1.2), h, dtype=np.float32)[:, None, None]
    texture = rng.normal(0, rng.uniform(2, 18), (h, w, 1)).astype(np.float32)
    return np.clip(base * ramp + texture, 0, 255).astype(np.float32)


def _blur(rng: np.random.Generator, img: np.ndarray) -> np.ndarray:
    scale = img.shape[0] / OUTPUT_SIZE[1]  # blur sizes are chosen for recognizer-sized images
    if rng.random() < 0.3:  # motion blur along a mostly horizontal direction
        length = max(2, round(rng.uniform(2, 5) * scale))
        kernel = np.zeros((length, length), np.float32)
        kernel[length // 2, :] = 1.0 / length
        rotation = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), rng.normal(0, 20), 1.0)
        kernel = cv2.warpAffine(kernel, rotation, (length, length))
        return cv2.filter2D(img, -1, kernel / max(kernel.sum(), 1e-6))
    sigma = rng.uniform(0, 0.9) * scale
    return cv2.GaussianBlur(img, (0, 0), sigma) if sigma > 0.25 else img


def _shadow(rng: np.random.Generator, img: np.ndarray) -> np.ndarray:
    """A straight-edged shadow (or glare) over part of the image."""
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    distance = (xx - rng.uniform(0, w)) * np.cos(angle) + (yy - rng.uniform(0, h)) * np.sin(angle)
    edge = np.clip(distance / max(1.0, rng.uniform(0.5, 4) * h / OUTPUT_SIZE[1]) + 0.5, 0, 1)
    factor = rng.uniform(0.35, 0.8) if rng.random() < 0.8 else rng.uniform(1.2, 1.6)
    return img * (1 + (factor - 1) * edge[..., None])


def _dirt(rng: np.random.Generator, img: np.ndarray) -> np.ndarray:
    """A few soft dark or mud-coloured blobs."""
    h, w = img.shape[:2]
    mask = np.zeros((h, w), np.float32)
    for _ in range(rng.integers(1, 6)):
        radius = max(1, round(rng.uniform(0.03, 0.12) * h * 2))
        cv2.circle(mask, (int(rng.integers(w)), int(rng.integers(h))), radius, float(rng.uniform(0.3, 0.8)), -1)
    mask = cv2.GaussianBlur(mask, (0, 0), max(0.5, h / OUTPUT_SIZE[1]))[..., None]
    mud = rng.uniform(40, 110, 3).astype(np.float32)
    return img * (1 - mask) + mud * mask


def photometric(rng: np.random.Generator, image: np.ndarray, strength: float = 1.0) -> np.ndarray:
    """Camera and weather effects on an RGB uint8 image of any size; strength 0 leaves it unchanged."""
    if strength <= 0:
        return image
    img = image.astype(np.float32)
    if rng.random() < 0.3 * strength:
        img = _dirt(rng, img)
    img = _blur(rng, img) if rng.random() < 0.8 * strength else img
    img = img * (1 + rng.normal(0, 0.08 * strength, 3))                        # colour cast / white balance
    img = (img - 128) * rng.uniform(1 - 0.4 * strength, 1 + 0.3 * strength) + 128 + rng.normal(0, 22 * strength)
    if rng.random() < 0.25 * strength:
        img = _shadow(rng, img)
    img = 255 * (np.clip(img, 0, 255) / 255) ** rng.uniform(1 - 0.4 * strength, 1 + 0.6 * strength)  # gamma
    img = img + rng.normal(0, rng.uniform(0, 9 * strength), img.shape)
    out = np.clip(img, 0, 255).astype(np.uint8)
    if rng.random() < 0.6 * strength:
        quality = int(rng.integers(15, 90))
        ok, encoded = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, quality])
        out = cv2.imdecode(encoded, cv2.IMREAD_UNCHANGED)
    return out


def damage(rng: np.random.Generator, plate: np.ndarray, padding: tuple[float, float] = (0.06, 0.12),
           size: tuple[int, int] = OUTPUT_SIZE, strength: float = 1.0, turns: Turns = DEFAULT_TURNS) -> np.ndarray:
    """A clean plate -> a realistic recognizer input (RGB uint8, size = (width, height))."""
    return photometric(rng, geometric_crop(rng, plate, padding, size, turns), strength)
