import type { RgbImage, ScoredBox } from '@lpr/core';

/** A plate background colour: hue in degrees [from, to] (from > to wraps through red), saturation and value 0-1. */
export interface PlateColour {
  name: string;
  hue: [number, number];
  minSaturation: number;
  minValue: number;
}

export interface ColourProposalOptions {
  colours: readonly PlateColour[];
  /** Width / height range of a plate's axis-aligned box (two-row plates are near 2, tilted ones lower). */
  aspect: [number, number];
  /** Plate widths to propose, in pixels of the image. */
  minPlateWidth: number;
  /** Default: half the image width (as the cascade search). */
  maxPlateWidth?: number;
}

/** The narrowest plate spans this many working pixels: enough for its coloured background to form one region. */
const WORKING_PLATE_PX = 12;
/** Share of a region's box its pixels must fill: a plate's background fills most of it, a road edge or a cable little. */
const MIN_FILL = 0.35;
/** Smallest region box, in working pixels. */
const MIN_REGION = { width: 8, height: 4 };

/**
 * Plate-sized regions of a plate background colour: candidates for the recognizer to verify, not plates. Chinese
 * plates are saturated blue, yellow or green, which a cascade trained on upright one-row plates does not need: this
 * finds tilted and two-row plates it misses. The image is shrunk (block means) so that the narrowest plate spans
 * `WORKING_PLATE_PX` pixels, each colour's mask is closed over the characters, and each connected region whose box has
 * a plate's width, aspect and fill becomes a box, in image pixels, with score 0 (no cascade neighbours).
 */
export function proposeByColour(image: RgbImage, options: ColourProposalOptions): ScoredBox[] {
  const step = Math.max(1, Math.floor(options.minPlateWidth / WORKING_PLATE_PX));
  const small = shrinkToHsv(image, step);
  const maxPlateWidth = options.maxPlateWidth ?? image.width / 2;
  const boxes: ScoredBox[] = [];
  for (const colour of options.colours) {
    const mask = close(colourMask(small, colour), small.width, small.height);
    for (const region of regions(mask, small.width, small.height)) {
      const w = region.w * step;
      const h = region.h * step;
      const aspect = region.w / region.h;
      if (region.w < MIN_REGION.width || region.h < MIN_REGION.height) continue;
      if (w < options.minPlateWidth || w > maxPlateWidth) continue;
      if (aspect < options.aspect[0] || aspect > options.aspect[1]) continue;
      if (region.pixels / (region.w * region.h) < MIN_FILL) continue;
      boxes.push({ x: region.x * step, y: region.y * step, w, h, score: 0 });
    }
  }
  return boxes;
}

/** Hue (degrees), saturation and value (0-1) of each `step` x `step` block's mean colour. */
interface HsvImage {
  width: number;
  height: number;
  hue: Float32Array;
  saturation: Float32Array;
  value: Float32Array;
}

function shrinkToHsv(image: RgbImage, step: number): HsvImage {
  const width = Math.floor(image.width / step);
  const height = Math.floor(image.height / step);
  const hue = new Float32Array(width * height);
  const saturation = new Float32Array(width * height);
  const value = new Float32Array(width * height);
  const { data } = image;
  const area = step * step * 255;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let dy = 0; dy < step; dy++) {
        let o = ((y * step + dy) * image.width + x * step) * 3;
        for (let dx = 0; dx < step; dx++, o += 3) {
          r += data[o]!;
          g += data[o + 1]!;
          b += data[o + 2]!;
        }
      }
      const i = y * width + x;
      [hue[i], saturation[i], value[i]] = rgbToHsv(r / area, g / area, b / area);
    }
  }
  return { width, height, hue, saturation, value };
}

/** HSV of an RGB colour with channels 0-1: hue in degrees [0, 360), saturation and value 0-1 (as OpenCV defines them). */
export function rgbToHsv(r: number, g: number, b: number): [number, number, number] {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const chroma = max - min;
  let hue = 0;
  if (chroma > 0) {
    if (max === r) hue = ((g - b) / chroma) * 60;
    else if (max === g) hue = ((b - r) / chroma) * 60 + 120;
    else hue = ((r - g) / chroma) * 60 + 240;
    if (hue < 0) hue += 360;
  }
  return [hue, max > 0 ? chroma / max : 0, max];
}

function colourMask(image: HsvImage, colour: PlateColour): Uint8Array {
  const [from, to] = colour.hue;
  const mask = new Uint8Array(image.width * image.height);
  for (let i = 0; i < mask.length; i++) {
    const h = image.hue[i]!;
    const inHue = from <= to ? h >= from && h <= to : h >= from || h <= to;
    mask[i] = inHue && image.saturation[i]! >= colour.minSaturation && image.value[i]! >= colour.minValue ? 1 : 0;
  }
  return mask;
}

/** Close the mask (dilate, then erode) by 2 pixels across and 1 down: joins the background around the characters. */
function close(mask: Uint8Array, width: number, height: number): Uint8Array {
  const dilated = spread(spread(mask, width, height, 1, 2, 1), width, height, 1, 1, width);
  return spread(spread(dilated, width, height, 0, 2, 1), width, height, 0, 1, width);
}

/**
 * One axis of a dilation (`keep` 1: a set pixel within `radius` steps sets a pixel) or an erosion (`keep` 0: a clear
 * one clears it); `stride` 1 runs along rows, `stride` width down columns.
 */
function spread(mask: Uint8Array, width: number, height: number, keep: 0 | 1, radius: number, stride: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const position = stride === 1 ? x : y;
      const length = stride === 1 ? width : height;
      const i = y * width + x;
      let v = 1 - keep;
      for (let d = -radius; d <= radius && v !== keep; d++) {
        if (position + d >= 0 && position + d < length && mask[i + d * stride] === keep) v = keep;
      }
      out[i] = v;
    }
  }
  return out;
}

interface Region {
  x: number;
  y: number;
  w: number;
  h: number;
  pixels: number;
}

/** 4-connected regions of set pixels, with their boxes and pixel counts. */
function regions(mask: Uint8Array, width: number, height: number): Region[] {
  const label = new Int32Array(mask.length).fill(-1);
  const found: Region[] = [];
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || label[start]! >= 0) continue;
    const id = found.length;
    let [x0, y0, x1, y1, pixels] = [width, height, -1, -1, 0];
    label[start] = id;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop()!;
      const x = i % width;
      const y = (i - x) / width;
      pixels++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (const n of [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, y > 0 ? i - width : -1, y < height - 1 ? i + width : -1]) {
        if (n >= 0 && mask[n] && label[n]! < 0) {
          label[n] = id;
          stack.push(n);
        }
      }
    }
    found.push({ x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1, pixels });
  }
  return found;
}
