import { mostlyWithin, type Box, type ScoredBox } from '@lpr/core';
import type { FrameDetector } from './camera-ingest.js';
import type { BoundDetector } from './country-models.js';

/** Which searches a video frame gets beyond the cascade, where the country file defines them. */
export interface VideoSearch {
  /** Plate-coloured regions (`colourProposals`). */
  byColour: boolean;
  /** Rows of characters and the plate backgrounds holding them (`characterRows`). */
  byCharacterRows: boolean;
}

export const defaultVideoSearch: VideoSearch = { byColour: true, byCharacterRows: true };

/**
 * What a video frame is searched with: the country's cascades and, where the country file has them, the
 * plate-coloured regions and the rows of characters of the same search region and plate widths. The cascade's window
 * is an upright one-row plate: without colours, two-row (trucks' rear) and tilted plates would never start a track,
 * and without rows, white and black plates (police, Hong Kong and Macau, embassies) that the cascade misses. A
 * proposal is not a plate yet: its track's crops are read like any other, and only a plate that a template accepts,
 * in several agreeing reads, is published (`PlateVoter`); a blue sign or a shop name costs at most `maxReadsPerTrack`
 * reads. Where the cascade finds the same plate, its box is kept (`mergeDetections`: proposals score 0). Proposals
 * are searched in whole frames and changed regions, not around tracks: there the cascade's tighter box, when it
 * misses a frame, is better awaited than replaced by a coarser one (a track lives through a few frames unseen), and a
 * proposal-found track is seen again at the next full scan. No box is kept mostly within a line of text longer than
 * any plate (a camera's printed date and time), as in photos.
 */
export function frameDetector(detector: BoundDetector, search: VideoSearch = defaultVideoSearch): FrameDetector {
  const byColour = search.byColour ? detector.proposeByColour : null;
  const rows = search.byCharacterRows ? detector.characterRows : null;
  if (!byColour && !rows) return detector;
  return {
    detect: async (image, request) => {
      const cascade = await detector.detect(image, request);
      if (request?.reason === 'track') return cascade;
      const { proposals, textLines } = rows ? rows.find(image, request) : { proposals: [], textLines: [] };
      const proposed: ScoredBox[] = [...(byColour ? byColour(image, request) : []), ...proposals];
      return [...cascade, ...proposed.filter((box) => !cutByEdge(box, image))].filter(
        (box) => !textLines.some((line) => mostlyWithin(box, line)),
      );
    },
  };
}

/** Pixels from the picture's edge within which a proposal counts as cut by it (its blocks are a few px). */
const EDGE_PX = 4;

/**
 * A plate entering or leaving the picture shows as a region against its edge, and its read lacks characters: the
 * cascade does not fire on half a plate, and a track's first reads should not be spent on one.
 */
function cutByEdge(box: Box, image: { width: number; height: number }): boolean {
  return box.x < EDGE_PX || box.y < EDGE_PX || box.x + box.w > image.width - EDGE_PX || box.y + box.h > image.height - EDGE_PX;
}
