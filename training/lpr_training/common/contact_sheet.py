"""A labelled grid of images (plates, crops) as one PNG-ready picture, to check data by eye."""
import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ..synth.fonts import faces_for


def label_font(labels: list[str], size: int = 16) -> ImageFont.FreeTypeFont:
    """An installed face that draws every label: a CJK one when any label has non-ASCII characters."""
    wide = next((c for label in labels for c in label if not c.isascii()), "A")
    face = faces_for(wide)[0]
    return ImageFont.truetype(face.path, size, index=face.index)


def contact_sheet(cells: list[tuple[np.ndarray, str]], columns: int, cell: tuple[int, int],
                  label_height: int = 22, font_size: int = 16) -> Image.Image:
    """RGB images (any size, each resized to the cell's width - 6 by its height) in rows, a label under each."""
    cell_w, cell_h = cell
    font = label_font([label for _, label in cells], font_size)
    rows = (len(cells) + columns - 1) // columns
    sheet = Image.new("RGB", (columns * cell_w, rows * (cell_h + label_height)), "white")
    draw = ImageDraw.Draw(sheet)
    for i, (image, label) in enumerate(cells):
        x, y = (i % columns) * cell_w, (i // columns) * (cell_h + label_height)
        shrinking = image.shape[1] > cell_w - 6
        resized = cv2.resize(image, (cell_w - 6, cell_h),
                             interpolation=cv2.INTER_AREA if shrinking else cv2.INTER_NEAREST)
        sheet.paste(Image.fromarray(resized), (x + 3, y))
        draw.text((x + 3, y + cell_h + 1), label, fill="black", font=font)
    return sheet
