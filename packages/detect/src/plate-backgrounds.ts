import type { Region } from './binary-mask.js';
import { fillsLikeStrokes } from './character-shape.js';

export interface BackgroundShape {
  /** Widths of the plates searched for, in the regions' pixels: [from, to). */
  widths: [number, number];
  /** Width / height of a plate's box: one-row plates about 3, two-row about 2, turned ones lower. */
  aspects: [number, number];
}

/** A plate's background covers this share of its box: less than all (the characters are holes in it, the corners may be cut). */
const FILL = [0.2, 0.75] as const;
/** A hole counts as a character when its height is this share of the background's: one of one or two rows. */
const CHARACTER_HEIGHT = [0.2, 0.9] as const;
/** Fewest character holes a plate's background holds. */
const MIN_CHARACTERS = 2;

/**
 * Plate backgrounds, with the characters they hold: regions of one print polarity (e.g. a white plate, lighter than its
 * surroundings) shaped like a plate, holding `MIN_CHARACTERS` or more character-sized regions of the other polarity
 * (its dark characters). This finds plates whose characters touch each other or the frame, which rows of separate
 * characters miss: two-row plates whose rows merge, worn print.
 */
export function plateBackgrounds(
  regions: readonly Region[],
  holes: readonly Region[],
  shape: BackgroundShape,
): { region: Region; characters: number }[] {
  const found: { region: Region; characters: number }[] = [];
  for (const region of regions) {
    const aspect = region.w / region.h;
    const fill = region.pixels / (region.w * region.h);
    if (region.w < shape.widths[0] || region.w >= shape.widths[1]) continue;
    if (aspect < shape.aspects[0] || aspect > shape.aspects[1] || fill < FILL[0] || fill > FILL[1]) continue;
    const characters = holes.filter((hole) => inside(hole, region) && characterSized(hole, region)).length;
    if (characters >= MIN_CHARACTERS) found.push({ region, characters });
  }
  return found;
}

function inside(inner: Region, outer: Region): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
}

/**
 * Of a character's height for this background, not wider than tall and filled like strokes (two characters merged
 * top to bottom still count; a grille's solid bars do not).
 */
function characterSized(hole: Region, background: Region): boolean {
  const { h } = background;
  return hole.h >= CHARACTER_HEIGHT[0] * h && hole.h <= CHARACTER_HEIGHT[1] * h && hole.w <= 1.1 * hole.h && fillsLikeStrokes(hole);
}
