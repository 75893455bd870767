import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Box, RgbImage, ScoredBox } from '@lpr/core';
import { frameDetector, type BoundDetector, type DetectionRequest } from '../src/index.js';

const frame: RgbImage = { width: 640, height: 360, data: new Uint8Array(640 * 360 * 3) };
const cascadeHit = { x: 50, y: 60, w: 120, h: 40, score: 5 };
const twoRowPlate = { x: 300, y: 200, w: 80, h: 40, score: 0 };
const whitePlate = { x: 420, y: 100, w: 90, h: 30, score: 0 };

interface Found {
  colour?: ScoredBox[];
  rows?: ScoredBox[];
  textLines?: Box[];
}

/** A detector whose searches log their requests and find what `found` says; no colour or rows search where it has none. */
function detector(found: Found, requests: (DetectionRequest | undefined)[] = []): BoundDetector {
  const { colour, rows, textLines = [] } = found;
  return {
    detect: async (_image, request) => {
      requests.push(request);
      return [cascadeHit];
    },
    close: async () => {},
    verifyMinConfidence: null,
    minPlateWidth: 40,
    photoSearch: { turned: { turns: [], minPlateWidth: 40 }, byColour: colour !== undefined, byCharacterRows: rows !== undefined },
    proposeByColour: colour
      ? (_image, request) => {
          requests.push(request);
          return colour;
        }
      : null,
    characterRows: rows
      ? {
          find: (_image, request) => {
            requests.push(request);
            return { proposals: rows, textLines };
          },
          minReadConfidence: 0.1,
        }
      : null,
  };
}

const region = { x: 0, y: 0, w: 640, h: 360 };

describe('frameDetector', () => {
  it('searches a frame with the cascades and, in the same region and plate widths, by plate colour and rows of characters', async () => {
    const requests: (DetectionRequest | undefined)[] = [];
    const request: DetectionRequest = { region, reason: 'motion', maxPlateWidth: 200 };
    const boxes = await frameDetector(detector({ colour: [twoRowPlate], rows: [whitePlate] }, requests)).detect(frame, request);
    assert.deepEqual(boxes, [cascadeHit, twoRowPlate, whitePlate]);
    assert.deepEqual(requests, [request, request, request]);
  });

  it("leaves proposals out around tracks and where they touch the picture's edge", async () => {
    const requests: (DetectionRequest | undefined)[] = [];
    const search = frameDetector(detector({ colour: [twoRowPlate], rows: [whitePlate] }, requests));
    assert.deepEqual(await search.detect(frame, { region, reason: 'track', minPlateWidth: 60, maxPlateWidth: 180 }), [cascadeHit]);
    assert.equal(requests.length, 1, 'only the cascade searched around the track');
    const cut = [{ ...twoRowPlate, x: 600 }, { ...twoRowPlate, y: 0 }];
    const atEdge = frameDetector(detector({ colour: [twoRowPlate, ...cut], rows: [whitePlate, { ...whitePlate, x: 2 }] }));
    assert.deepEqual(await atEdge.detect(frame, { region, reason: 'whole' }), [cascadeHit, twoRowPlate, whitePlate]);
  });

  it('drops every box mostly within a line of text longer than a plate, the cascade\'s too', async () => {
    // A printed date and time across the top of the picture, over the cascade's box and a third of the white plate's.
    const textLines = [{ x: 0, y: 50, w: 640, h: 60 }];
    const search = frameDetector(detector({ colour: [twoRowPlate], rows: [whitePlate], textLines }));
    assert.deepEqual(await search.detect(frame, { region, reason: 'whole' }), [twoRowPlate, whitePlate]);
  });

  it('searches only what it is asked to, and is the cascades alone where the country has neither search', async () => {
    const requests: (DetectionRequest | undefined)[] = [];
    const noRows = frameDetector(detector({ colour: [twoRowPlate], rows: [whitePlate] }, requests), { byColour: true, byCharacterRows: false });
    assert.deepEqual(await noRows.detect(frame, { region, reason: 'whole' }), [cascadeHit, twoRowPlate]);
    assert.equal(requests.length, 2);
    const plain = detector({});
    assert.equal(frameDetector(plain), plain);
    const both = detector({ colour: [twoRowPlate], rows: [whitePlate] });
    assert.equal(frameDetector(both, { byColour: false, byCharacterRows: false }), both);
  });
});
