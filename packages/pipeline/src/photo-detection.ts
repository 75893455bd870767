import { turnImage, type RgbImage, type ScoredBox } from '@lpr/core';
import type { BoundDetector } from './country-models.js';
import { mergeDetections } from './detection-schedule.js';
import type { DetectionVerifier, ReadBox } from './detection-verification.js';

/**
 * Plates in one photo, verified when a verifier is given. The cascade's window is an upright plate, so a plate turned
 * by 15-30 degrees (or seen at a steep angle) is missed; with `turns`, copies of the photo turned by plus and minus each
 * of those degrees are searched too. Their boxes are verified in the turned copy (where the plate stands upright for
 * the recognizer too) and mapped back to the axis-aligned box of their corners in the photo. A plate found twice (two
 * turns, or two scales of one search) is reported once.
 */
export async function detectInPhoto(
  image: RgbImage,
  detector: BoundDetector,
  verifier: DetectionVerifier | null,
  turns: readonly number[] = [],
): Promise<(ScoredBox | ReadBox)[]> {
  const search = async (picture: RgbImage): Promise<(ScoredBox | ReadBox)[]> => {
    const boxes = detector.detect(picture);
    return verifier ? verifier.verify(picture, boxes) : boxes;
  };
  const found = await search(image);
  for (const degrees of turns.flatMap((turn) => [turn, -turn])) {
    const turned = turnImage(image, degrees);
    for (const box of await search(turned.image)) {
      const back = turned.toOriginal(box);
      if (back) found.push({ ...box, ...back });
    }
  }
  return mergeDetections(found);
}
