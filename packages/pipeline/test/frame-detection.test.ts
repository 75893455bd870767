import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RgbImage, ScoredBox } from '@lpr/core';
import { frameDetector, type BoundDetector, type DetectionRequest } from '../src/index.js';

const frame: RgbImage = { width: 640, height: 360, data: new Uint8Array(640 * 360 * 3) };
const cascadeHit = { x: 50, y: 60, w: 120, h: 40, score: 5 };
const twoRowPlate = { x: 300, y: 200, w: 80, h: 40, score: 0 };

function detector(byColour: boolean, requests: (DetectionRequest | undefined)[]): BoundDetector {
  return {
    detect: async (_image, request) => {
      requests.push(request);
      return [cascadeHit];
    },
    close: async () => {},
    verifyMinConfidence: null,
    minPlateWidth: 40,
    photoSearch: { turned: { turns: [], minPlateWidth: 40 }, byColour, byCharacterRows: false },
    proposeByColour: byColour
      ? (_image, request) => {
          requests.push(request);
          return [twoRowPlate];
        }
      : null,
    characterRows: null,
  };
}

describe('frameDetector', () => {
  it('searches a frame with the cascades and, in the same region and plate widths, by plate colour', async () => {
    const requests: (DetectionRequest | undefined)[] = [];
    const request: DetectionRequest = { region: { x: 0, y: 0, w: 640, h: 360 }, reason: 'motion', maxPlateWidth: 200 };
    const boxes: ScoredBox[] = await frameDetector(detector(true, requests)).detect(frame, request);
    assert.deepEqual(boxes, [cascadeHit, twoRowPlate]);
    assert.deepEqual(requests, [request, request]);
  });

  it("leaves colour regions out around tracks and where they touch the picture's edge", async () => {
    const requests: (DetectionRequest | undefined)[] = [];
    const region = { x: 0, y: 0, w: 640, h: 360 };
    const search = frameDetector(detector(true, requests));
    assert.deepEqual(await search.detect(frame, { region, reason: 'track', minPlateWidth: 60, maxPlateWidth: 180 }), [cascadeHit]);
    assert.equal(requests.length, 1, 'only the cascade searched around the track');
    const atEdge = frameDetector({ ...detector(true, []), proposeByColour: () => [twoRowPlate, { ...twoRowPlate, x: 600 }, { ...twoRowPlate, y: 0 }] });
    assert.deepEqual(await atEdge.detect(frame, { region, reason: 'whole' }), [cascadeHit, twoRowPlate]);
  });

  it('is the cascades alone where the country has no plate colours', () => {
    const plain = detector(false, []);
    assert.equal(frameDetector(plain), plain);
  });
});
