import { cropRgb, turnImage, type RgbImage } from '@lpr/core';

/**
 * Plates turned in the picture (country file `plate.tilted`). A crop cut around a turned plate's axis-aligned box
 * (a hand-labelled box, a detector's box) is squarer than the plate, and LPRNet reads a plate turned by 15 degrees
 * far worse than an upright one (training/README.md, "Tilted plates"). Such crops are also read turned upright.
 */
export interface TiltedReading {
  /** Crops narrower than this (width / height) may hold a turned plate: they are also read turned both ways. */
  maxAspect: number;
  /** Width / height of the upright plate (the country's `plate.aspect`). */
  plateAspect: number;
}

/** Steeper turns are not read: a box that square (aspect below about 1.1 for a 3:1 plate) holds something else. */
const MAX_TILT_DEGREES = 40;

/** Whether a crop is squarer than an upright plate's by enough to hold a turned one. */
export function mayBeTilted(image: RgbImage, tilted: TiltedReading): boolean {
  return image.width / image.height < tilted.maxAspect;
}

/**
 * The turn, in degrees (0 to 45), at which a plate of `plateAspect` fills a box of `boxAspect` (its axis-aligned box:
 * (A cos t + sin t) / (A sin t + cos t), which falls from A at 0 to 1 at 45 degrees). Which way it is turned the box
 * cannot tell. A box at least as wide as the plate gives 0.
 */
export function tiltFromAspect(boxAspect: number, plateAspect: number): number {
  const aspectAt = (t: number) => (plateAspect * Math.cos(t) + Math.sin(t)) / (plateAspect * Math.sin(t) + Math.cos(t));
  if (boxAspect >= plateAspect) return 0;
  let [low, high] = [0, Math.PI / 4];
  for (let i = 0; i < 40; i++) {
    const middle = (low + high) / 2;
    if (aspectAt(middle) > boxAspect) low = middle;
    else high = middle;
  }
  return (((low + high) / 2) * 180) / Math.PI;
}

/**
 * The two upright readings of a crop that may hold a plate turned by `tiltFromAspect` degrees: the crop turned back
 * each way, cut to the upright plate's box (the w x h whose box, turned, is the crop: the crop's margins scale with
 * it). Empty when the crop is as wide as an upright plate, or too square for a turn up to `MAX_TILT_DEGREES`.
 */
export function turnedUpright(image: RgbImage, tilted: TiltedReading): RgbImage[] {
  const degrees = tiltFromAspect(image.width / image.height, tilted.plateAspect);
  const t = (degrees * Math.PI) / 180;
  const [c, s] = [Math.cos(t), Math.sin(t)];
  // Solve W = w c + h s, H = w s + h c for the upright box w x h.
  const det = c * c - s * s;
  const w = (image.width * c - image.height * s) / det;
  const h = (image.height * c - image.width * s) / det;
  if (degrees === 0 || degrees > MAX_TILT_DEGREES || !(w >= 1 && h >= 1)) return [];
  return [degrees, -degrees].map((turn) => {
    const canvas = turnImage(image, turn).image;
    const box = { x: Math.round((canvas.width - w) / 2), y: Math.round((canvas.height - h) / 2), w: Math.round(w), h: Math.round(h) };
    return cropRgb(canvas, box);
  });
}
