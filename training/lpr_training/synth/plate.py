"""Render a clean, front-facing synthetic plate from a country style."""
import cv2
import numpy as np

from ..common.country import Country, Style, Template
from .fonts import faces_for, glyph_mask
from .band import paint_band
from .layout import layout_plate, layout_spec, layout_two_rows
from .text import choose_template, sample_text

BORDER_INSET_MM = 3.0
BORDER_WIDTH_MM = 1.6
RIVET_DIAMETER_MM = 9.0
COLOUR_JITTER = 14  # +- per RGB channel, for fading, paint batches and white balance


def hex_to_rgb(colour: str) -> np.ndarray:
    colour = colour.lstrip("#")
    return np.array([int(colour[i: i + 2], 16) for i in (0, 2, 4)], np.float32)


def choose_style(rng: np.random.Generator, country: Country) -> Style:
    weights = np.array([s.weight for s in country.styles])
    return country.styles[rng.choice(len(country.styles), p=weights / weights.sum())]


def _jitter(rng: np.random.Generator, rgb: np.ndarray) -> np.ndarray:
    return np.clip(rgb + rng.uniform(-COLOUR_JITTER, COLOUR_JITTER, 3), 0, 255)


def _background(rng: np.random.Generator, style: Style, h: int, w: int) -> np.ndarray:
    colours = [_jitter(rng, hex_to_rgb(c)) for c in style.background]
    if len(colours) == 1:
        return np.broadcast_to(colours[0], (h, w, 3)).copy()
    # The country file gives gradient colours only; the direction is drawn at random.
    vertical = rng.random() < 0.5
    t = np.linspace(0.0, 1.0, h if vertical else w, dtype=np.float32)
    ramp = colours[0] * (1 - t[:, None]) + colours[1] * t[:, None]
    return np.broadcast_to(ramp[:, None, :] if vertical else ramp[None, :, :], (h, w, 3)).copy()


def _paint(canvas: np.ndarray, coverage: np.ndarray, colour: np.ndarray, x: int, y: int) -> None:
    """Alpha-blend a coverage mask of one colour into the canvas at (x, y), clipped to the canvas."""
    h, w = coverage.shape
    x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + w, canvas.shape[1]), min(y + h, canvas.shape[0])
    if x1 <= x0 or y1 <= y0:
        return
    alpha = coverage[y0 - y: y1 - y, x0 - x: x1 - x, None]
    region = canvas[y0:y1, x0:x1]
    region[:] = region * (1 - alpha) + colour * alpha


def _glyph(char: str, face_pick: float, box_w: int, box_h: int) -> np.ndarray:
    """Coverage of a character fitted to its box: CJK fills the box, narrow latin glyphs (1, I) keep their width.
    face_pick in [0, 1) selects the font, the same for every character of a plate."""
    faces = faces_for(char)
    ink = glyph_mask(faces[int(face_pick * len(faces))], char)
    if char.isascii():
        width = min(box_w, max(1, round(ink.shape[1] * box_h / ink.shape[0])))
    else:
        width = box_w
    fitted = cv2.resize(ink, (width, box_h), interpolation=cv2.INTER_AREA)
    coverage = np.zeros((box_h, box_w), np.float32)
    left = (box_w - width) // 2
    coverage[:, left: left + width] = fitted
    return coverage


def _disc(diameter: int) -> np.ndarray:
    size = max(diameter, 1)
    disc = np.zeros((size, size), np.uint8)
    cv2.circle(disc, (size // 2, size // 2), size // 2, 255, -1, cv2.LINE_AA)
    return disc.astype(np.float32) / 255.0


def render_text(rng: np.random.Generator, style: Style, template: Template, text: str,
                px_per_mm: float = 0.6) -> np.ndarray:
    """Draw a given text on a plate of the style; returns RGB uint8."""
    width_mm, height_mm = style.size_mm
    w, h = round(width_mm * px_per_mm), round(height_mm * px_per_mm)
    canvas = _background(rng, style, h, w)
    foreground = _jitter(rng, hex_to_rgb(style.foreground))
    accent = _jitter(rng, hex_to_rgb(style.accent)) if style.accent else foreground

    reserved = [0.0, 0.0]
    for side, band in enumerate((style.band, style.right_band)):
        if band is None:
            continue
        band_w = round(band.width_mm * px_per_mm)
        paint_band(rng, canvas, band, 0 if side == 0 else w - band_w, band_w, _jitter(rng, hex_to_rgb(band.colour)))
        reserved[side] = band.width_mm

    inset, stroke = round(BORDER_INSET_MM * px_per_mm), max(1, round(BORDER_WIDTH_MM * px_per_mm))
    border = np.zeros((h, w), np.float32)
    cv2.rectangle(border, (inset, inset), (w - 1 - inset, h - 1 - inset), 1.0, stroke, cv2.LINE_AA)
    _paint(canvas, border, foreground, 0, 0)

    spec = layout_spec(style.layout)
    layout = (layout_two_rows(style.size_mm, len(text)) if spec.rows == 2 else
              layout_plate(style.size_mm, len(text), template.format, spec, tuple(reserved)))
    accented = set(template.pattern.literal_positions(len(text))) if style.accent else set()
    face_pick = rng.random()
    for i, (char, (bx, by, bw, bh)) in enumerate(zip(text, layout.char_boxes)):
        coverage = _glyph(char, face_pick, max(1, round(bw * px_per_mm)), max(1, round(bh * px_per_mm)))
        _paint(canvas, coverage, accent if i in accented else foreground, round(bx * px_per_mm), round(by * px_per_mm))
    mark = _separator_mark(spec.separator, layout.dot_diameter * px_per_mm, bh * px_per_mm)
    if mark is not None:
        for cx, cy in layout.dots:
            _paint(canvas, mark, foreground, round(cx * px_per_mm) - mark.shape[1] // 2,
                   round(cy * px_per_mm) - mark.shape[0] // 2)

    if rng.random() < 0.7:  # rivets sit in the top gaps, next to the second and the second-to-last characters
        rivet = _disc(round(RIVET_DIAMETER_MM * px_per_mm))
        metal = np.clip(canvas[h // 2, w // 2] * rng.uniform(0.6, 1.3), 0, 255)
        boxes = layout.char_boxes
        for left, right in ((boxes[1], boxes[2]), (boxes[-3], boxes[-2])):
            cx = (left[0] + left[2] + right[0]) / 2 * px_per_mm
            cy = (boxes[0][1] + RIVET_DIAMETER_MM * 0.6) * px_per_mm
            _paint(canvas, rivet * 0.8, metal, round(cx) - rivet.shape[1] // 2, round(cy) - rivet.shape[0] // 2)
    return canvas.astype(np.uint8)


def _separator_mark(kind: str, size_px: float, char_h_px: float) -> np.ndarray | None:
    """Coverage of what sits in a separator gap: a round dot, a dash as thick as a stroke, or nothing."""
    if kind == "dot":
        return _disc(round(size_px))
    if kind == "dash":
        return np.ones((max(1, round(char_h_px * 0.09)), max(1, round(size_px))), np.float32)
    return None


def render_plate(rng: np.random.Generator, country: Country, style: Style | str | None = None,
                 px_per_mm: float | None = None) -> tuple[np.ndarray, str]:
    """A random plate of the country: (RGB uint8 H x W x 3 of the whole plate, plate text).

    style: a Style, a style name, or None to draw one by the country file's weights.
    px_per_mm: resolution; by default random in 0.35..0.7 (a 440 mm plate is 154..308 px wide).
    """
    if style is None:
        style = choose_style(rng, country)
    elif isinstance(style, str):
        style = next(s for s in country.styles if s.name == style)
    template = choose_template(rng, style)
    text = sample_text(rng, template)
    scale = px_per_mm if px_per_mm is not None else rng.uniform(0.35, 0.7)
    return render_text(rng, style, template, text, scale), text
