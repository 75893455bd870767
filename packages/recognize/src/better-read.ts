import type { PlateRead } from '@lpr/core';
import type { PlateTemplates } from './templates.js';

/**
 * How many times likelier than a plate-shaped read a read that matches no template must be to beat it. A one-row plate
 * of a kind the country file has no template for (武警 `WJ07X0230`, read at 0.58) must not lose to the garbage its
 * rows make side by side (or a turned copy makes) that happens to fit a template (0.003); a two-row plate read as is
 * rarely reaches a tenth.
 */
const PLATE_SHAPE_ODDS = 10;

/** A read of one view of a crop: as is, with its rows side by side, or turned upright. */
export interface ViewRead {
  read: PlateRead;
  layout: NonNullable<PlateRead['layout']>;
}

/**
 * Of a crop's reads (as is first, then its other views), the one to keep, marked with its layout: a read that matches
 * a template other than a fallback beats one that does not (a plate-shaped string is worth more than a probability
 * lead, as in `choosePlate`) unless that one is `PLATE_SHAPE_ODDS` times likelier; otherwise the likelier wins, the
 * earlier view on a tie.
 */
export function betterRead(views: readonly ViewRead[], templates: PlateTemplates | null): PlateRead {
  const plateShaped = (read: PlateRead) => read.template !== null && templates !== null && !templates.isFallback(read.template);
  const weight = (read: PlateRead) => read.confidence * (plateShaped(read) ? PLATE_SHAPE_ODDS : 1);
  let best = views[0];
  if (!best) throw new RangeError('betterRead needs at least one read');
  for (const view of views.slice(1)) if (weight(view.read) > weight(best.read)) best = view;
  return { ...best.read, layout: best.layout };
}
