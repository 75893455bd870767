import { cropRgb, resizeRgb, type RgbImage } from '@lpr/core';

/**
 * Where a two-row plate's rows lie in its crop (country file `plate.twoRow`). LPRNet reads one row left to right, so
 * a two-row plate is read as its top row's characters set beside its bottom row (`sideBySide`).
 */
export interface TwoRowLayout {
  /** Crops narrower than this (width / height) may hold a two-row plate: they are read both ways. */
  maxAspect: number;
  /** The top row's characters, as shares of the crop: rows y0 to y1, columns x0 to x1. */
  top: { y0: number; y1: number; x0: number; x1: number };
  /** The bottom row: from this share of the crop height to the bottom, full width. */
  bottomFrom: number;
}

/** Whether a crop is narrow enough to hold a two-row plate. */
export function mayHoldTwoRows(image: RgbImage, layout: TwoRowLayout): boolean {
  return image.width / image.height < layout.maxAspect;
}

/**
 * The crop rearranged into one row: the top row's part scaled (bilinear) to the bottom row's height, keeping its
 * aspect, then set on the left of the bottom row. Identical to the training side's `side_by_side`
 * (training/lpr_training/common/two_row.py), so the model sees what it was trained on: shares become pixels with
 * Python's `round` (half to even), and `resizeRgb` is OpenCV's INTER_LINEAR up to its fixed-point rounding (±1).
 * Null when the crop is too small for either part to hold a pixel.
 */
export function sideBySide(image: RgbImage, layout: TwoRowLayout): RgbImage | null {
  const { width: w, height: h } = image;
  const { y0, y1, x0, x1 } = layout.top;
  const top = region(image, roundHalfEven(h * y0), roundHalfEven(h * y1), roundHalfEven(w * x0), roundHalfEven(w * x1));
  const bottom = region(image, roundHalfEven(h * layout.bottomFrom), h, 0, w);
  if (!top || !bottom) return null;
  const scaledTop = resizeRgb(top, Math.max(1, roundHalfEven((top.width * bottom.height) / top.height)), bottom.height);

  const width = scaledTop.width + bottom.width;
  const data = new Uint8Array(width * bottom.height * 3);
  for (let y = 0; y < bottom.height; y++) {
    const row = y * width * 3;
    data.set(scaledTop.data.subarray(y * scaledTop.width * 3, (y + 1) * scaledTop.width * 3), row);
    data.set(bottom.data.subarray(y * bottom.width * 3, (y + 1) * bottom.width * 3), row + scaledTop.width * 3);
  }
  return { width, height: bottom.height, data };
}

/** Python's `round`: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const nearest = Math.round(x);
  return nearest - x === 0.5 && nearest % 2 !== 0 ? nearest - 1 : nearest;
}

/** Rows [top, bottom) and columns [left, right) of an image (shares of at most 1 keep them inside); null when empty. */
function region(image: RgbImage, top: number, bottom: number, left: number, right: number): RgbImage | null {
  return bottom > top && right > left ? cropRgb(image, { x: left, y: top, w: right - left, h: bottom - top }) : null;
}
