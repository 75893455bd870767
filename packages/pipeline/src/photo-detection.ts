import { mostlyWithin, turnImage, type RgbImage, type ScoredBox } from '@lpr/core';
import type { BoundDetector } from './country-models.js';
import { mergeDetections } from './detection-schedule.js';
import type { DetectionVerifier, ReadBox } from './detection-verification.js';

/** Extra searches of a photo for tilted plates. */
export interface TurnedSearch {
  /** Angles in degrees: copies of the photo turned by plus and minus each are searched. Empty: none. */
  turns: readonly number[];
  /**
   * Narrowest plate, in pixels of the photo, the turned copies are searched for. Each copy is shrunk so that this
   * width just fits the cascade window, which makes a turned search a fraction of the upright one (at twice the
   * upright search's smallest plate, a quarter of the pixels to turn and scan).
   */
  minPlateWidth: number;
}

/** How a photo is searched beyond the detectors' upright search. */
export interface PhotoSearch {
  turned: TurnedSearch;
  /** Also read the plate-coloured regions of the photo (`BoundDetector.proposeByColour`); only with a verifier. */
  byColour: boolean;
  /** Also read the rows of characters in the photo (`BoundDetector.characterRows`); only with a verifier. */
  byCharacterRows: boolean;
}

/** Which search found a photo's box: the cascade upright or on a turned copy, a colour region, a row of characters (or a plate background). */
export type PhotoSearchKind = 'cascade' | 'turned' | 'colour' | 'rows';

/** A box found in a photo, read where verified, with the search that found it. */
export type PhotoBox = (ScoredBox | ReadBox) & { search: PhotoSearchKind };

/**
 * Plates in one photo, verified when a verifier is given. The cascade's window is an upright one-row plate, so a plate
 * turned by 15-30 degrees (or seen at a steep angle) or a two-row plate is missed. `turned` searches turned copies of
 * the photo too: their boxes are verified in the turned copy (where the plate stands upright for the recognizer too)
 * and mapped back to the axis-aligned box of their corners in the photo. `byColour` reads plate-coloured regions,
 * whatever their angle or rows, and keeps those whose read fits a template. `byCharacterRows` reads rows of
 * character-like blobs, whatever the plate's colour, and keeps those whose read fits a template at the confidence
 * the country asks of them, and drops every box mostly within a line of text longer than a plate (a printed date). A
 * plate found twice (two searches, or two scales of one search) is reported once, preferring the cascade's box.
 */
export async function detectInPhoto(
  image: RgbImage,
  detector: BoundDetector,
  verifier: DetectionVerifier | null,
  { turned, byColour, byCharacterRows }: PhotoSearch = { turned: { turns: [], minPlateWidth: 0 }, byColour: false, byCharacterRows: false },
): Promise<PhotoBox[]> {
  // With detector threads, the cascade searches the photo while this thread finds its colour regions and rows.
  const searched = detector.detect(image);
  searched.catch(() => {}); // awaited below: a failing proposal search must not leave it unhandled
  const colourBoxes = byColour && verifier && detector.proposeByColour ? detector.proposeByColour(image) : [];
  const rowSearch = byCharacterRows && verifier ? detector.characterRows : null;
  const { proposals: rowBoxes, textLines } = rowSearch ? rowSearch.find(image) : { proposals: [], textLines: [] };
  const verified = async (picture: RgbImage, boxes: ScoredBox[]): Promise<(ScoredBox | ReadBox)[]> =>
    verifier ? verifier.verify(picture, boxes) : boxes;
  const by = (search: PhotoSearchKind) => (box: ScoredBox | ReadBox): PhotoBox => ({ ...box, search });
  const found = (await verified(image, await searched)).map(by('cascade'));
  const shrink = Math.min(1, detector.minPlateWidth / turned.minPlateWidth);
  for (const degrees of turned.turns.flatMap((turn) => [turn, -turn])) {
    const copy = turnImage(image, degrees, shrink);
    for (const box of await verified(copy.image, await detector.detect(copy.image))) {
      const back = copy.toOriginal(box);
      if (back) found.push({ ...box, ...back, search: 'turned' });
    }
  }
  if (verifier && colourBoxes.length > 0) {
    // A coloured region is weaker evidence than a cascade hit (blue signs, yellow cars): only a read that fits a template counts.
    found.push(...(await verifier.verify(image, colourBoxes, { templateOnly: true })).map(by('colour')));
  }
  if (verifier && rowSearch && rowBoxes.length > 0) {
    const rowOptions = { templateOnly: true, minConfidence: rowSearch.minReadConfidence };
    found.push(...(await verifier.verify(image, rowBoxes, rowOptions)).map(by('rows')));
  }
  // A camera's printed date and time read as a plate often enough; no plate lies within a line of text.
  return mergeDetections(found.filter((box) => !textLines.some((line) => mostlyWithin(box, line))));
}
