import type { Region } from './binary-mask.js';

/** Share of a character's box its strokes cover: some, not all (a solid block or bar is no character). */
const STROKE_FILL = [0.15, 0.95] as const;

/** Whether a region's pixels fill its box as a character's strokes do. */
export function fillsLikeStrokes(region: Region): boolean {
  const fill = region.pixels / (region.w * region.h);
  return fill >= STROKE_FILL[0] && fill <= STROKE_FILL[1];
}
