import type { Box, GrayImage, RgbImage } from './types.js';

/** ITU-R BT.601 luma of one colour, 0-255 channels (floating point; `toGray` is the fixed-point image version). */
export function luma(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

/** ITU-R BT.601 luma, the same weights OpenCV's RGB2GRAY uses, in fixed point. */
export function toGray(image: RgbImage): GrayImage {
  const { width, height, data } = image;
  const out = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < out.length; i++, j += 3) {
    out[i] = (data[j]! * 4899 + data[j + 1]! * 9617 + data[j + 2]! * 1868 + 8192) >> 14;
  }
  return { width, height, data: out };
}

/** Clamp a box to the image and round it to whole pixels; null when nothing of it is inside. */
export function clampBox(box: Box, width: number, height: number): Box | null {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(width, Math.ceil(box.x + box.w));
  const y1 = Math.min(height, Math.ceil(box.y + box.h));
  if (x1 <= x0 || y1 <= y0) return null;
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** Grow a box by a fraction of its size on each side (detector boxes are tight; the recognizer wants margin). */
export function padBox(box: Box, fx: number, fy: number): Box {
  const dx = box.w * fx;
  const dy = box.h * fy;
  return { x: box.x - dx, y: box.y - dy, w: box.w + 2 * dx, h: box.h + 2 * dy };
}

/** Copy a region of an RGB image (clamped to the image). */
export function cropRgb(image: RgbImage, box: Box): RgbImage {
  const r = clampBox(box, image.width, image.height);
  if (!r) throw new RangeError(`box ${JSON.stringify(box)} lies outside the ${image.width}x${image.height} image`);
  const out = new Uint8Array(r.w * r.h * 3);
  for (let y = 0; y < r.h; y++) {
    const src = ((r.y + y) * image.width + r.x) * 3;
    out.set(image.data.subarray(src, src + r.w * 3), y * r.w * 3);
  }
  return { width: r.w, height: r.h, data: out };
}

/** Bilinear resize with pixel-centre alignment (matches cv2.resize INTER_LINEAR for upscaling). */
export function resizeRgb(image: RgbImage, width: number, height: number): RgbImage {
  const out = new Uint8Array(width * height * 3);
  const sx = image.width / width;
  const sy = image.height / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.max(0, (y + 0.5) * sy - 0.5);
    for (let x = 0; x < width; x++) {
      sampleBilinear(image, Math.max(0, (x + 0.5) * sx - 0.5), fy, out, (y * width + x) * 3);
    }
  }
  return { width, height, data: out };
}

/** An image turned about its centre, on a canvas that holds all of it, and the way back to the original's pixels. */
export interface TurnedImage {
  image: RgbImage;
  /**
   * The axis-aligned box, in the original's pixels, around a box of the turned image (its four corners turned back),
   * clamped to the original; null when it lies wholly in the canvas's empty corners.
   */
  toOriginal(box: Box): Box | null;
}

/**
 * Turn an image by `degrees` (positive: clockwise as displayed), bilinear; the canvas's corners are black. With
 * `scale` below 1 the turned copy is also shrunk, in the same pass (at 0.5 each canvas pixel is the mean of 2x2
 * original pixels, on the axes).
 */
export function turnImage(image: RgbImage, degrees: number, scale = 1): TurnedImage {
  if (!(scale > 0 && scale <= 1)) throw new RangeError(`turnImage scale must be in (0, 1], got ${scale}`);
  const { width: w, height: h } = image;
  const cos = Math.cos((degrees * Math.PI) / 180);
  const sin = Math.sin((degrees * Math.PI) / 180);
  // Less a hair: cos 90 deg is 6e-17, not 0, and must not add a pixel.
  const width = Math.ceil(scale * (Math.abs(w * cos) + Math.abs(h * sin)) - 1e-9);
  const height = Math.ceil(scale * (Math.abs(w * sin) + Math.abs(h * cos)) - 1e-9);
  // The point of the original at (u, v) of the turned canvas: the inverse turn (and scale) about the two centres.
  const back = (u: number, v: number): [number, number] => {
    const du = (u - width / 2) / scale;
    const dv = (v - height / 2) / scale;
    return [cos * du + sin * dv + w / 2, -sin * du + cos * dv + h / 2];
  };
  const out = new Uint8Array(width * height * 3);
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const [x, y] = back(u + 0.5, v + 0.5);
      // Pixel centres sit at +0.5; outside the original's centres the canvas stays black.
      if (x < 0.5 || y < 0.5 || x > w - 0.5 || y > h - 0.5) continue;
      sampleBilinear(image, x - 0.5, y - 0.5, out, (v * width + u) * 3);
    }
  }
  return {
    image: { width, height, data: out },
    toOriginal(box) {
      const corners = [back(box.x, box.y), back(box.x + box.w, box.y), back(box.x, box.y + box.h), back(box.x + box.w, box.y + box.h)];
      const x = Math.min(...corners.map(([cx]) => cx));
      const y = Math.min(...corners.map(([, cy]) => cy));
      return clampBox({ x, y, w: Math.max(...corners.map(([cx]) => cx)) - x, h: Math.max(...corners.map(([, cy]) => cy)) - y }, w, h);
    },
  };
}

/** Write the RGB value at continuous pixel position (fx, fy), both >= 0, into out[o..o+2]. */
function sampleBilinear(image: RgbImage, fx: number, fy: number, out: Uint8Array, o: number): void {
  const { width, height, data } = image;
  const x0 = Math.min(Math.floor(fx), width - 1);
  const y0 = Math.min(Math.floor(fy), height - 1);
  const x1 = Math.min(x0 + 1, width - 1);
  const y1 = Math.min(y0 + 1, height - 1);
  const wx = fx - x0;
  const wy = fy - y0;
  const a = (y0 * width + x0) * 3;
  const b = (y0 * width + x1) * 3;
  const c = (y1 * width + x0) * 3;
  const d = (y1 * width + x1) * 3;
  for (let k = 0; k < 3; k++) {
    const top = data[a + k]! + (data[b + k]! - data[a + k]!) * wx;
    const bottom = data[c + k]! + (data[d + k]! - data[c + k]!) * wx;
    out[o + k] = Math.round(top + (bottom - top) * wy);
  }
}

/** Intersection over union of two boxes. */
export function iou(a: Box, b: Box): number {
  const inter = intersectionArea(a, b);
  const union = a.w * a.h + b.w * b.h - inter;
  return union > 0 ? inter / union : 0;
}

/** Area the two boxes share. */
export function intersectionArea(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  return ix * iy;
}

/** At least half of the box's area lies within the other (a plate candidate on a line of text). */
export function mostlyWithin(box: Box, other: Box): boolean {
  return intersectionArea(box, other) >= 0.5 * box.w * box.h;
}

/** The smallest box holding all the boxes (at least one). */
export function boundingBox(boxes: readonly Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.w));
  const bottom = Math.max(...boxes.map((b) => b.y + b.h));
  return { x, y, w: right - x, h: bottom - y };
}
