import type { Box } from '@lpr/core';
import type { FrameDetector } from './camera-ingest.js';
import type { BoundDetector } from './country-models.js';

/**
 * What a video frame is searched with: the country's cascades and, where the country file has plate colours, the
 * plate-coloured regions of the same search region and plate widths. The cascade's window is an upright one-row
 * plate: without colours, two-row (trucks' rear) and tilted plates would never start a track. A coloured region is
 * not a plate yet: its track's crops are read like any other, and only a plate that a template accepts, in
 * several agreeing reads, is published (`PlateVoter`); a blue sign or a yellow car costs at most
 * `maxReadsPerTrack` reads. Where the cascade finds the same plate, its box is kept (`mergeDetections`: colour
 * regions score 0). Colours are searched in whole frames and changed regions, not around tracks: there the cascade's
 * tighter box, when it misses a frame, is better awaited than replaced by a region's coarser one (a track lives
 * through a few frames unseen), and a colour-found track is seen again at the next full scan.
 */
export function frameDetector(detector: BoundDetector): FrameDetector {
  const byColour = detector.proposeByColour;
  if (!byColour) return detector;
  return {
    detect: async (image, request) => [
      ...(await detector.detect(image, request)),
      ...(request?.reason === 'track' ? [] : byColour(image, request).filter((box) => !cutByEdge(box, image))),
    ],
  };
}

/** Pixels from the picture's edge within which a coloured region counts as cut by it (its blocks are a few px). */
const EDGE_PX = 4;

/**
 * A plate entering or leaving the picture shows as a coloured region against its edge, and its read lacks characters:
 * the cascade does not fire on half a plate, and a track's first reads should not be spent on one.
 */
function cutByEdge(box: Box, image: { width: number; height: number }): boolean {
  return box.x < EDGE_PX || box.y < EDGE_PX || box.x + box.w > image.width - EDGE_PX || box.y + box.h > image.height - EDGE_PX;
}
