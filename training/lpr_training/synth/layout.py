"""Physical layout of a plate: where each character box and separator dot goes, in millimetres.

Single-row defaults follow the Chinese GA 36 standard (45 x 90 mm characters, 12 mm apart, a 10 mm dot in a 34 mm
gap, 15.5 mm side margins); a country style overrides them (e.g. European dashes). Longer texts are squeezed
horizontally to fit, as 8-character new-energy plates are. Two-row plates (`rows: 2`, GA 36 large vehicles' rear,
440 x 220 mm) carry the first two characters (province, letter; 60 x 60 mm, a dot between) centred in the top row
and the rest (65 x 110 mm, 15 mm apart) in the bottom row.
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
    rows: int = 1


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


TWO_ROW_TOP = 2  # characters in a two-row plate's top row


def layout_two_rows(size_mm: tuple[float, float], length: int) -> PlateLayout:
    """Two-row plate (see the module docstring), scaled to the plate's size."""
    sx, sy = size_mm[0] / 440, size_mm[1] / 220
    top_w, top_h, top_gap = 60 * sx, 60 * sy, 40 * sx
    x = (size_mm[0] - 2 * top_w - top_gap) / 2
    boxes = [(x, 15 * sy, top_w, top_h), (x + top_w + top_gap, 15 * sy, top_w, top_h)]
    bottom = length - TWO_ROW_TOP
    char_w, gap = 65 * sx, 15 * sx
    x = (size_mm[0] - bottom * char_w - (bottom - 1) * gap) / 2
    boxes += [(x + i * (char_w + gap), 95 * sy, char_w, 110 * sy) for i in range(bottom)]
    return PlateLayout(tuple(boxes), ((size_mm[0] / 2, (15 + 30) * sy),), 10 * sx)
