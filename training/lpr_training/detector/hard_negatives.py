"""Synthetic hard negatives: plate-like clutter that is not a plate (text, grilles, stripes, signs, bricks).

Text lines are long (a plate shows 7-8 characters inside a border), signs have two or more lines, so the cascade
learns what separates a plate from other printed or periodic structures without being taught to reject plates.
"""
import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ..synth.fonts import faces_for

LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 abcdefghijklmnopqrstuvwxyz"
CJK = "中国人民银行大道路口停车场出入口禁止通行超市餐厅药店酒店欢迎光临请勿吸烟安全第一"


def _random_text(rng: np.random.Generator, alphabet: str, length: int) -> str:
    return "".join(alphabet[i] for i in rng.integers(len(alphabet), size=length))


def _grey(rng: np.random.Generator) -> int:
    return int(rng.integers(256))


def _text_lines(rng: np.random.Generator, draw: ImageDraw.ImageDraw, x: int, y: int, lines: int) -> None:
    alphabet = CJK if rng.random() < 0.5 else LATIN
    face = faces_for(alphabet[0])[0]
    font = ImageFont.truetype(face.path, int(rng.integers(10, 60)), index=face.index)
    fill = _grey(rng)
    for line in range(lines):
        draw.text((x, y + line * font.size * 1.3), _random_text(rng, alphabet, int(rng.integers(12, 30))),
                  fill=fill, font=font)


def _sign(rng: np.random.Generator, draw: ImageDraw.ImageDraw, x: int, y: int) -> None:
    w, h = int(rng.integers(80, 400)), int(rng.integers(60, 200))
    draw.rectangle((x, y, x + w, y + h), fill=_grey(rng), outline=_grey(rng), width=int(rng.integers(0, 5)))
    _text_lines(rng, draw, x + 5, y + 5, int(rng.integers(2, 5)))


def _grille(rng: np.random.Generator, draw: ImageDraw.ImageDraw, x: int, y: int) -> None:
    w, h = int(rng.integers(60, 400)), int(rng.integers(20, 150))
    period, bar = int(rng.integers(3, 20)), _grey(rng)
    draw.rectangle((x, y, x + w, y + h), fill=_grey(rng))
    vertical = rng.random() < 0.5
    for offset in range(0, w if vertical else h, period):
        thick = max(1, period // 2)
        box = (x + offset, y, x + offset + thick, y + h) if vertical else (x, y + offset, x + w, y + offset + thick)
        draw.rectangle(box, fill=bar)


def _bricks(rng: np.random.Generator, draw: ImageDraw.ImageDraw, x: int, y: int) -> None:
    brick_w, brick_h = int(rng.integers(12, 60)), int(rng.integers(5, 20))
    mortar, brick = _grey(rng), _grey(rng)
    for row in range(int(rng.integers(3, 12))):
        shift = (row % 2) * brick_w // 2
        for col in range(int(rng.integers(3, 12))):
            bx, by = x + col * brick_w - shift, y + row * brick_h
            draw.rectangle((bx, by, bx + brick_w - 2, by + brick_h - 2), fill=brick, outline=mortar)


def _text_block(rng: np.random.Generator, draw: ImageDraw.ImageDraw, x: int, y: int) -> None:
    _text_lines(rng, draw, x, y, int(rng.integers(1, 4)))


ELEMENTS = (_sign, _grille, _bricks, _text_block)


def render_hard_negative(rng: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    """A grey image (width, height) = size of random clutter on a smooth background, blurred and noisy like a photo."""
    w, h = size
    canvas = Image.new("L", size, _grey(rng))
    draw = ImageDraw.Draw(canvas)
    for _ in range(int(rng.integers(6, 16))):
        element = ELEMENTS[rng.integers(len(ELEMENTS))]
        element(rng, draw, int(rng.integers(-40, w - 40)), int(rng.integers(-20, h - 20)))
    image = np.asarray(canvas, np.float32)
    image = cv2.GaussianBlur(image, (0, 0), rng.uniform(0.3, 1.5)) + rng.normal(0, rng.uniform(1, 8), image.shape)
    return np.clip(image, 0, 255).astype(np.uint8)
