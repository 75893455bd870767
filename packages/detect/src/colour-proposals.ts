import { clampBox, cropRgb, luma, type Box, type RgbImage, type ScoredBox } from '@lpr/core';
import { closeMask, connectedRegions } from './binary-mask.js';
import { blockMeans } from './block-means.js';

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
  /** Search only this region (pixels of the image); boxes are still returned in image coordinates. */
  roi?: Box;
}

/** The narrowest plate spans this many working pixels: enough for its coloured background to form one region. */
const WORKING_PLATE_PX = 12;
/** Share of a region's box its pixels must fill: a plate's background fills most of it, a road edge or a cable little. */
const MIN_FILL = 0.35;
/** Smallest region box, in working pixels. */
const MIN_REGION = { width: 8, height: 4 };
/**
 * Least standard deviation of brightness (0-255) in a region's box: a plate's print against its background. Flat
 * patches of a colour near a plate colour, which sensor noise pushes over the thresholds (a blue-grey road or wall), vary
 * by 4-6 grey levels; plates in our street photos by 18 or more (training/README.md, "Colour regions in video").
 */
const MIN_PRINT_CONTRAST = 12;

/**
 * Plate-sized regions of a plate background colour: candidates for the recognizer to verify, not plates. Chinese
 * plates are saturated blue, yellow or green, which a cascade trained on upright one-row plates does not need: this
 * finds tilted and two-row plates it misses. The image is shrunk (block means) so that the narrowest plate spans
 * `WORKING_PLATE_PX` pixels, each colour's mask is closed over the characters, and each connected region whose box has
 * a plate's width, aspect and fill, and whose brightness varies like print (`MIN_PRINT_CONTRAST`), becomes a box, in
 * image pixels, with score 0 (no cascade neighbours).
 */
export function proposeByColour(image: RgbImage, options: ColourProposalOptions): ScoredBox[] {
  const maxPlateWidth = options.maxPlateWidth ?? image.width / 2;
  if (!options.roi) return proposeIn(image, options, maxPlateWidth);
  const roi = clampBox(options.roi, image.width, image.height);
  if (!roi) return [];
  return proposeIn(cropRgb(image, roi), options, maxPlateWidth).map((box) => ({ ...box, x: box.x + roi.x, y: box.y + roi.y }));
}

function proposeIn(image: RgbImage, options: ColourProposalOptions, maxPlateWidth: number): ScoredBox[] {
  const step = Math.max(1, Math.floor(options.minPlateWidth / WORKING_PLATE_PX));
  const small = shrinkToHsv(image, step);
  // A plate's coloured background is narrower than the plate by its frame, and a block half on its edge may fall
  // short of the colour: the narrowest plate's background can be a block less at each side.
  const narrowest = options.minPlateWidth - 2 * step;
  const boxes: ScoredBox[] = [];
  for (const colour of options.colours) {
    // Closed by 2 pixels across and 1 down: joins the background around the characters.
    const mask = closeMask(colourMask(small, colour), small.width, small.height, 2, 1);
    for (const region of connectedRegions(mask, small.width, small.height)) {
      const w = region.w * step;
      const h = region.h * step;
      const aspect = region.w / region.h;
      if (region.w < MIN_REGION.width || region.h < MIN_REGION.height) continue;
      if (w < narrowest || w > maxPlateWidth) continue;
      if (aspect < options.aspect[0] || aspect > options.aspect[1]) continue;
      if (region.pixels / (region.w * region.h) < MIN_FILL) continue;
      const box = { x: region.x * step, y: region.y * step, w, h };
      if (brightnessSpread(image, box) < MIN_PRINT_CONTRAST) continue;
      boxes.push({ ...box, score: 0 });
    }
  }
  return boxes;
}

/** Standard deviation of the luma (BT.601) of the box's pixels. */
function brightnessSpread(image: RgbImage, box: Box): number {
  const x1 = Math.min(image.width, box.x + box.w);
  const y1 = Math.min(image.height, box.y + box.h);
  let count = 0;
  let sum = 0;
  let squares = 0;
  for (let y = box.y; y < y1; y++) {
    for (let x = box.x, o = (y * image.width + box.x) * 3; x < x1; x++, o += 3) {
      const grey = luma(image.data[o]!, image.data[o + 1]!, image.data[o + 2]!);
      count++;
      sum += grey;
      squares += grey * grey;
    }
  }
  const mean = sum / count;
  return Math.sqrt(Math.max(0, squares / count - mean * mean));
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
  const { width, height, rgb } = blockMeans(image, step);
  const hue = new Float32Array(width * height);
  const saturation = new Float32Array(width * height);
  const value = new Float32Array(width * height);
  for (let i = 0; i < hue.length; i++) {
    [hue[i], saturation[i], value[i]] = rgbToHsv(rgb[3 * i]! / 255, rgb[3 * i + 1]! / 255, rgb[3 * i + 2]! / 255);
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
