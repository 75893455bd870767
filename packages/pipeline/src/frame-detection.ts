import type { FrameDetector } from './camera-ingest.js';
import type { BoundDetector } from './country-models.js';

/**
 * What a video frame is searched with: the country's cascades and, where the country file has plate colours, the
 * plate-coloured regions of the same search region and plate widths. The cascade's window is an upright one-row
 * plate: without colours, two-row (trucks' rear) and tilted plates would never start a track. A coloured region is
 * not a plate yet: its track's crops are read like any other, and only a plate that a template accepts, in
 * several agreeing reads, is published (`PlateVoter`); a blue sign or a yellow car costs at most
 * `maxReadsPerTrack` reads. Where the cascade finds the same plate, its box is kept (`mergeDetections`: colour
 * regions score 0).
 */
export function frameDetector(detector: BoundDetector): FrameDetector {
  const byColour = detector.proposeByColour;
  if (!byColour) return detector;
  return {
    detect: async (image, request) => [...(await detector.detect(image, request)), ...byColour(image, request)],
  };
}
