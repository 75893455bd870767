"""Physical layout of a single-row plate: where each character box and separator dot goes, in millimetres.

Defaults follow the Chinese GA 36 standard (45 x 90 mm characters, 12 mm apart, a 10 mm dot in a 34 mm gap,
15.5 mm side margins); a country style overrides them (e.g. European dashes). Longer texts are squeezed
horizontally to fit, as 8-character new-energy plates are.
"""
from dataclasses import dataclass, fields, replace

SEPARATORS = ("dot", "dash", "space")


@dataclass(frozen=True)
class LayoutSpec:
    char_w: float = 45.0
    char_h: float = 90.0
    gap: float = 12.0
    separator_gap: float = 34.0
    separator: str = "dot"  # what is drawn in a separator gap: one of SEPARATORS
    dot: float = 10.0       # dot diameter, or dash length
    margin: float = 15.5


def layout_spec(overrides: dict) -> LayoutSpec:
    """A LayoutSpec from a country style's `layout` block (camelCase keys, e.g. charW, separatorGap)."""
    names = {f.name.replace("_", ""): f.name for f in fields(LayoutSpec)}
    spec = replace(LayoutSpec(), **{names[key.lower()]: value for key, value in overrides.items()})
    if spec.separator not in SEPARATORS:
        raise ValueError(f"layout separator {spec.separator!r} is not one of {SEPARATORS}")
    return spec


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


def layout_plate(size_mm: tuple[float, float], length: int, fmt: str, spec: LayoutSpec = LayoutSpec(),
                 reserved_mm: tuple[float, float] = (0.0, 0.0)) -> PlateLayout:
    """reserved_mm: width taken at the left and right ends (e.g. an EU band), where no character goes."""
    width, height = size_mm
    left, right = reserved_mm
    separators = separator_positions(fmt)
    extra = spec.separator_gap - spec.gap
    needed = length * spec.char_w + (length - 1) * spec.gap + len(separators) * extra
    squeeze = min(1.0, (width - left - right - 2 * spec.margin) / needed)
    char_w, gap, extra = spec.char_w * squeeze, spec.gap * squeeze, extra * squeeze
    x = left + (width - left - right - needed * squeeze) / 2
    y = (height - spec.char_h) / 2
    boxes, dots = [], []
    for i in range(length):
        boxes.append((x, y, char_w, spec.char_h))
        x += char_w + gap
        if i + 1 in separators:
            dots.append((x - gap + (gap + extra) / 2, height / 2))
            x += extra
    return PlateLayout(tuple(boxes), tuple(dots), spec.dot * squeeze)
