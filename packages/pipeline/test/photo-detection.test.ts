import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Box, RgbImage, ScoredBox } from '@lpr/core';
import { detectInPhoto, type BoundDetector, type DetectionVerifier, type PhotoSearch, type VerifyOptions } from '../src/index.js';

const photo: RgbImage = { width: 400, height: 300, data: new Uint8Array(400 * 300 * 3) };
const cascadeHit = { x: 50, y: 60, w: 120, h: 40, score: 5 };
const colourPlate = { x: 250, y: 200, w: 80, h: 40, score: 0 };
const colourSign = { x: 10, y: 10, w: 100, h: 30, score: 0 };
const samePlateByColour = { x: 52, y: 58, w: 118, h: 44, score: 0 };
const whitePlateRow = { x: 200, y: 100, w: 90, h: 30, score: 0 };
const unsureRow = { x: 300, y: 20, w: 90, h: 30, score: 0 };

function detector(proposals: ScoredBox[] | null, rows: ScoredBox[] | null = null, textLines: Box[] = []): BoundDetector & { searched: RgbImage[] } {
  const searched: RgbImage[] = [];
  return {
    searched,
    detect: async (image) => {
      searched.push(image);
      return image === photo ? [cascadeHit] : [];
    },
    close: async () => {},
    verifyMinConfidence: 0.015,
    minPlateWidth: 40,
    photoSearch: { turned: { turns: [], minPlateWidth: 40 }, byColour: proposals !== null, byCharacterRows: rows !== null },
    proposeByColour: proposals ? () => proposals : null,
    characterRows: rows ? { find: () => ({ proposals: rows, textLines }), minReadConfidence: 0.1 } : null,
  };
}

/**
 * Reads the colour plate and the white plate as template plates, the sign as a non-template string, the unsure row as
 * a template plate at 5%, and keeps cascade hits as read; applies the confidence it is given.
 */
function verifier(calls: VerifyOptions[]): DetectionVerifier {
  return {
    async verify(_image, boxes, options = {}) {
      calls.push(options);
      const reads = boxes.flatMap((box) => {
        if (box === colourSign) return options.templateOnly ? [] : [{ ...box, plate: 'STOP12', confidence: 0.5 }];
        return [{ ...box, plate: '苏ED0N19', confidence: box === unsureRow ? 0.05 : 0.9 }];
      });
      return reads.filter((read) => read.confidence >= (options.minConfidence ?? 0.015));
    },
    close: async () => {},
  };
}

const noTurns = { turns: [], minPlateWidth: 40 };
const byColour: PhotoSearch = { turned: noTurns, byColour: true, byCharacterRows: false };
const byRows: PhotoSearch = { turned: noTurns, byColour: false, byCharacterRows: true };
const plainBox = ({ x, y, w, h, score }: ScoredBox) => ({ x, y, w, h, score });

describe('detectInPhoto', () => {
  it('adds the plate-coloured regions whose read fits a template, once per plate, preferring the cascade box', async () => {
    const calls: VerifyOptions[] = [];
    const found = await detectInPhoto(photo, detector([colourPlate, colourSign, samePlateByColour]), verifier(calls), byColour);
    assert.deepEqual(found.map(plainBox), [cascadeHit, colourPlate]);
    assert.deepEqual(found.map((box) => box.search), ['cascade', 'colour']);
    assert.deepEqual(calls, [{}, { templateOnly: true }], 'cascade hits keep the plain rule; colour regions need a template');
  });

  it('searches by colour only when asked, with a verifier, and where the country has colours', async () => {
    const calls: VerifyOptions[] = [];
    assert.equal((await detectInPhoto(photo, detector([colourPlate]), verifier(calls), { ...byColour, byColour: false })).length, 1);
    assert.equal((await detectInPhoto(photo, detector([colourPlate]), null, byColour)).length, 1);
    assert.equal((await detectInPhoto(photo, detector(null), verifier(calls), byColour)).length, 1);
  });

  it("adds the rows of characters whose read fits a template at the country's confidence for rows", async () => {
    const calls: VerifyOptions[] = [];
    const found = await detectInPhoto(photo, detector(null, [whitePlateRow, unsureRow, samePlateByColour]), verifier(calls), byRows);
    assert.deepEqual(found.map(plainBox), [cascadeHit, whitePlateRow]);
    assert.deepEqual(found.map((box) => box.search), ['cascade', 'rows']);
    assert.deepEqual(calls, [{}, { templateOnly: true, minConfidence: 0.1 }]);
    const notAsked = await detectInPhoto(photo, detector(null, [whitePlateRow]), verifier([]), { ...byRows, byCharacterRows: false });
    assert.deepEqual(notAsked.map(plainBox), [cascadeHit]);
  });

  it('drops the boxes mostly within a line of text the row search found, whichever search found them', async () => {
    // A printed date along the top, over the cascade hit's upper half and more: the hit goes, the row below stays.
    const date = { x: 0, y: 40, w: 400, h: 45 };
    const found = await detectInPhoto(photo, detector(null, [whitePlateRow], [date]), verifier([]), byRows);
    assert.deepEqual(found.map(plainBox), [whitePlateRow]);
    const lowerLine = { x: 0, y: 90, w: 400, h: 20 };
    const kept = await detectInPhoto(photo, detector(null, [whitePlateRow], [lowerLine]), verifier([]), byRows);
    assert.deepEqual(kept.map(plainBox), [cascadeHit, whitePlateRow], 'a line over a quarter of each box drops neither');
    const notAsked = await detectInPhoto(photo, detector(null, [whitePlateRow], [date]), verifier([]), { ...byRows, byCharacterRows: false });
    assert.deepEqual(notAsked.map(plainBox), [cascadeHit], 'no text lines without the row search');
  });

  it('searches turned copies, shrunk so that the turned search starts at its own narrowest plate', async () => {
    const bound = detector(null);
    await detectInPhoto(photo, bound, null, { turned: { turns: [20], minPlateWidth: 80 }, byColour: false, byCharacterRows: false });
    assert.equal(bound.searched.length, 3, 'upright, +20 and -20 degrees');
    const turned = bound.searched[1]!;
    // Half size (40 / 80) of the canvas that holds the turned photo.
    const [cos, sin] = [Math.cos(Math.PI / 9), Math.sin(Math.PI / 9)];
    assert.equal(turned.width, Math.ceil(0.5 * (400 * cos + 300 * sin)));
    assert.equal(turned.height, Math.ceil(0.5 * (400 * sin + 300 * cos)));
  });
});
