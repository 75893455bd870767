import type { Region } from './binary-mask.js';

/** Share of a character's box its strokes cover: some, not all (a solid block or bar is no character). */
const STROKE_FILL = [0.15, 0.95] as const;
/** Characters (or rows of them) side by side on one line: heights within this ratio, centres within this share of the first's height. */
const SAME_HEIGHT = 1.4;
const SAME_LINE = 0.3;

/** Whether a region's pixels fill its box as a character's strokes do. */
export function fillsLikeStrokes(region: Region): boolean {
  const fill = region.pixels / (region.w * region.h);
  return fill >= STROKE_FILL[0] && fill <= STROKE_FILL[1];
}

/** Whether two characters (or rows of characters), given by their centres' height in the picture and their heights, stand on one line at about one size. */
export function onOneLine(firstCentre: number, firstHeight: number, secondCentre: number, secondHeight: number): boolean {
  const ratio = Math.max(firstHeight, secondHeight) / Math.min(firstHeight, secondHeight);
  return ratio <= SAME_HEIGHT && Math.abs(secondCentre - firstCentre) <= SAME_LINE * firstHeight;
}
