import { boundingBox, clampBox, cropRgb, type Box, type RgbImage, type ScoredBox } from '@lpr/core';
import { connectedRegions, type Region } from './binary-mask.js';
import { grayBlockMeans, type GrayBlockMeans } from './block-means.js';
import { fillsLikeStrokes, onOneLine } from './character-shape.js';
import { plateBackgrounds } from './plate-backgrounds.js';
import { textLines } from './text-lines.js';

export interface CharacterRowOptions {
  /** Width / height of a one-row plate. */
  plateAspect: number;
  /** A character's height as a share of its plate's height. */
  characterHeight: number;
  /** Fewest characters in a row (a plate carries more; one may merge with the frame or break apart). */
  minCharacters: number;
  /** Plate widths to propose, in pixels of the image. */
  minPlateWidth: number;
  /** Default: half the image width (as the cascade search). */
  maxPlateWidth?: number;
  /** Most proposals of each kind (rows, backgrounds) per image, most characters first: bounds the reads a photo full of text costs. */
  maxProposals: number;
  /** Most characters a plate carries: a line of text with more is reported in `textLines`. */
  maxCharacters: number;
  /** Search only this region (pixels of the image); boxes are still returned in image coordinates. */
  roi?: Box;
}

/** What the search finds: plate candidates for the recognizer, and lines of text, where no plate is (image pixels). */
export interface CharacterRowFinds {
  proposals: ScoredBox[];
  textLines: Box[];
}

/** Each band's shortest character spans this many working pixels: enough for its strokes to hold together. */
const WORKING_CHARACTER_PX = 8;
/** A pixel is print when it is this many grey levels darker (or lighter) than its surroundings' mean. */
const PRINT_CONTRAST = 12;
/** Surroundings a pixel is compared with, in character heights: a character and the plate around it. */
const SURROUNDINGS = 1.5;
/** Widest gap between neighbours in a row, in character heights (CN: 0.4 at the separator dot; EU: wider at a dash). */
const MAX_GAP = 1.0;
/** Plate backgrounds' width / height, as shares of a one-row plate's (plateAspect). */
const BACKGROUND_ASPECTS = [0.4, 1.45] as const;
/**
 * Plate backgrounds are looked for in this many octaves of widths from each band's: a background that holds together
 * at a finer working scale may break apart at its own, where characters touching its edges cut it.
 */
const BACKGROUND_OCTAVES = 2;
/** Border added around a row of characters on each side, in character heights: the plate's margin, roughly. */
const ROW_MARGIN = { x: 0.5, y: 0.35 };

/**
 * Plate-sized rows of character-like blobs: candidates for the recognizer to verify, not plates. A plate's print is
 * a row of similar blobs, dark on a light plate or light on a dark one, whatever the plate's colour, so this finds
 * white, black and faded plates that neither the cascade nor the colour search finds. Plate widths are searched in
 * bands of one octave; per band the image is shrunk (block means) so that the band's shortest character spans
 * `WORKING_CHARACTER_PX` pixels, pixels darker (then lighter) than their surroundings form blobs, blobs of a character's
 * height and shape are chained left to right into rows, and each row of `minCharacters` or more becomes the box of its
 * plate, in image pixels, with score 0 (no cascade neighbours). Blobs of the other polarity shaped like plates of the
 * band's widths or the next octave's that hold characters (`plateBackgrounds`) are proposed too, after the rows: plates
 * whose characters merge. Rows that continue one another on a line of more than `maxCharacters` characters are
 * reported as `textLines` (see `textLines`).
 */
export function findCharacterRows(image: RgbImage, options: CharacterRowOptions): CharacterRowFinds {
  const maxPlateWidth = options.maxPlateWidth ?? image.width / 2;
  if (!options.roi) return findIn(image, options, maxPlateWidth);
  const roi = clampBox(options.roi, image.width, image.height);
  if (!roi) return { proposals: [], textLines: [] };
  const found = findIn(cropRgb(image, roi), options, maxPlateWidth);
  const back = <T extends Box>(box: T): T => ({ ...box, x: box.x + roi.x, y: box.y + roi.y });
  return { proposals: found.proposals.map(back), textLines: found.textLines.map(back) };
}

function findIn(image: RgbImage, options: CharacterRowOptions, maxPlateWidth: number): CharacterRowFinds {
  const rows: Proposal[] = [];
  const backgrounds: Proposal[] = [];
  const lines: Box[] = [];
  // Plate boxes from one-row (plateAspect) to two-row and turned plates (less than half as wide for their height).
  const aspects: [number, number] = [options.plateAspect * BACKGROUND_ASPECTS[0], options.plateAspect * BACKGROUND_ASPECTS[1]];
  for (let bandWidth = options.minPlateWidth; bandWidth <= maxPlateWidth; bandWidth *= 2) {
    const shortest = (bandWidth / options.plateAspect) * options.characterHeight;
    const step = Math.max(1, Math.floor(shortest / WORKING_CHARACTER_PX));
    const gray = grayBlockMeans(image, step);
    const heights: [number, number] = [(shortest / step) * 0.8, ((2 * shortest) / step) * 1.25];
    const radius = Math.max(2, Math.round((SURROUNDINGS * shortest) / step));
    const means = localMeans(gray, radius);
    const dark = connectedRegions(printMask(gray.data, means, -1), gray.width, gray.height);
    const light = connectedRegions(printMask(gray.data, means, 1), gray.width, gray.height);
    for (const [print, background] of [[dark, light], [light, dark]] as const) {
      const characters = print.filter((blob) => characterShaped(blob, heights));
      // Lines of text gather short rows too: a date's "13:34" between "2017/06/20" and "0000000".
      for (const line of textLines(chainRows(characters, 2), options.maxCharacters)) lines.push(scaled(line, step));
      for (const row of chainRows(characters, options.minCharacters)) {
        // The band is chosen by character height: a row's box may reach past the band's plate widths.
        const box = plateBox(row, step, image);
        if (box.w >= options.minPlateWidth && box.w <= maxPlateWidth) rows.push({ box, characters: row.length });
      }
      const widest = bandWidth * 2 ** BACKGROUND_OCTAVES;
      const shape = { widths: [bandWidth / step, widest / step] as [number, number], aspects };
      for (const { region, characters: holes } of plateBackgrounds(background, print, shape)) {
        const box = { ...scaled(region, step), score: 0 };
        if (box.w <= maxPlateWidth) backgrounds.push({ box, characters: holes });
      }
    }
  }
  const mostCharacters = (found: Proposal[]) =>
    found.sort((a, b) => b.characters - a.characters).slice(0, options.maxProposals).map(({ box }) => box);
  return { proposals: [...mostCharacters(rows), ...mostCharacters(backgrounds)], textLines: lines };
}

function scaled({ x, y, w, h }: Box, step: number): Box {
  return { x: x * step, y: y * step, w: w * step, h: h * step };
}

interface Proposal {
  box: ScoredBox;
  characters: number;
}

/** Mean of the (2 radius + 1)² square around each pixel, clipped at the borders (an integral image). */
function localMeans({ width, height, data }: GrayBlockMeans, radius: number): Float32Array {
  const integral = new Float64Array((width + 1) * (height + 1));
  for (let y = 0; y < height; y++) {
    let rowSum = 0;
    for (let x = 0; x < width; x++) {
      rowSum += data[y * width + x]!;
      integral[(y + 1) * (width + 1) + x + 1] = integral[y * (width + 1) + x + 1]! + rowSum;
    }
  }
  const means = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - radius);
    const y1 = Math.min(height, y + radius + 1);
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - radius);
      const x1 = Math.min(width, x + radius + 1);
      const sum = integral[y1 * (width + 1) + x1]! - integral[y0 * (width + 1) + x1]! - integral[y1 * (width + 1) + x0]! + integral[y0 * (width + 1) + x0]!;
      means[y * width + x] = sum / ((y1 - y0) * (x1 - x0));
    }
  }
  return means;
}

/** Pixels darker (polarity -1) or lighter (+1) than their surroundings by `PRINT_CONTRAST`. */
function printMask(gray: Float32Array, means: Float32Array, polarity: -1 | 1): Uint8Array {
  const mask = new Uint8Array(gray.length);
  for (let i = 0; i < gray.length; i++) mask[i] = (gray[i]! - means[i]!) * polarity >= PRINT_CONTRAST ? 1 : 0;
  return mask;
}

/** A character: within the band's heights, taller than wide (a "1" is a bar), its strokes filling part of its box. */
function characterShaped(blob: Region, [minHeight, maxHeight]: [number, number]): boolean {
  return blob.h >= minHeight && blob.h <= maxHeight && blob.w <= blob.h * 1.1 && fillsLikeStrokes(blob);
}

/**
 * Rows of blobs: from each blob not yet in a row, the nearest blob to its right of about its height, on its line and
 * within `MAX_GAP`, then the same from that one, and so on. Rows shorter than `minCharacters` are dropped.
 */
export function chainRows(blobs: readonly Region[], minCharacters: number): Region[][] {
  const sorted = [...blobs].sort((a, b) => a.x - b.x);
  const used = new Uint8Array(sorted.length);
  const rows: Region[][] = [];
  for (let start = 0; start < sorted.length; start++) {
    if (used[start]) continue;
    const row = [start];
    for (let current = start; ; ) {
      const from = sorted[current]!;
      let next = -1;
      for (let j = current + 1; j < sorted.length && sorted[j]!.x <= from.x + from.w + MAX_GAP * from.h; j++) {
        const to = sorted[j]!;
        if (used[j] || to.x < from.x + from.w * 0.5) continue;
        if (onOneLine(from.y + from.h / 2, from.h, to.y + to.h / 2, to.h) && (next < 0 || to.x < sorted[next]!.x)) next = j;
      }
      if (next < 0) break;
      row.push(next);
      current = next;
    }
    if (row.length >= minCharacters) {
      for (const i of row) used[i] = 1;
      rows.push(row.map((i) => sorted[i]!));
    }
  }
  return rows;
}

/** The row's box grown by the plate's margin, in image pixels, clipped to the image. */
function plateBox(row: readonly Region[], step: number, image: RgbImage): ScoredBox {
  const { x, y, w, h } = boundingBox(row);
  const height = row.reduce((sum, b) => sum + b.h, 0) / row.length;
  const left = Math.max(0, (x - ROW_MARGIN.x * height) * step);
  const top = Math.max(0, (y - ROW_MARGIN.y * height) * step);
  const right = Math.min(image.width, (x + w + ROW_MARGIN.x * height) * step);
  const bottom = Math.min(image.height, (y + h + ROW_MARGIN.y * height) * step);
  return { x: Math.round(left), y: Math.round(top), w: Math.round(right - left), h: Math.round(bottom - top), score: 0 };
}
