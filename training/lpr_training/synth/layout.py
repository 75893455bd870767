"""Physical layout of a single-row plate: where each character box and separator dot goes, in millimetres.

Defaults follow the Chinese GA 36 standard (45 x 90 mm characters, 12 mm apart, a 10 mm dot in a 34 mm gap,
15.5 mm side margins); longer texts are squeezed horizontally to fit, as 8-character new-energy plates are.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class LayoutSpec:
    char_w: float = 45.0
    char_h: float = 90.0
    gap: float = 12.0
    separator_gap: float = 34.0
    dot: float = 10.0
    margin: float = 15.5


@dataclass(frozen=True)
class PlateLayout:
    char_boxes: tuple[tuple[float, float, float, float], ...]  # x, y, w, h of each character
    dots: tuple[tuple[float, float], ...]                        # centres of separator dots
    dot_diameter: float


def separator_positions(fmt: str) -> tuple[int, ...]:
    """Character counts after which the display format prints a separator (e.g. '##·#####' -> (2,))."""
    seen, positions = 0, []
    for symbol in fmt:
        if symbol == "#":
            seen += 1
        elif 0 < seen and (not positions or positions[-1] != seen):
            positions.append(seen)
    return tuple(p for p in positions if p < fmt.count("#"))


def layout_plate(size_mm: tuple[float, float], length: int, fmt: str, spec: LayoutSpec = LayoutSpec()) -> PlateLayout:
    width, height = size_mm
    separators = separator_positions(fmt)
    extra = spec.separator_gap - spec.gap
    needed = length * spec.char_w + (length - 1) * spec.gap + len(separators) * extra
    squeeze = min(1.0, (width - 2 * spec.margin) / needed)
    char_w, gap, extra = spec.char_w * squeeze, spec.gap * squeeze, extra * squeeze
    x = (width - needed * squeeze) / 2
    y = (height - spec.char_h) / 2
    boxes, dots = [], []
    for i in range(length):
        boxes.append((x, y, char_w, spec.char_h))
        x += char_w + gap
        if i + 1 in separators:
            dots.append((x - gap + (gap + extra) / 2, height / 2))
            x += extra
    return PlateLayout(tuple(boxes), tuple(dots), spec.dot * squeeze)
