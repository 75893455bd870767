import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultDetectionSchedule, mergeDetections, planDetections } from '../src/index.js';

const frame = { x: 0, y: 0, w: 1280, h: 720 };
const schedule = { ...defaultDetectionSchedule, fullScanEvery: 3, trackMargin: 0.5, trackSizeRange: 2 };

describe('planDetections', () => {
  it('scans the whole area on every N-th frame', () => {
    assert.deepEqual(planDetections(0, frame, [], schedule), [{ region: frame }]);
    assert.deepEqual(planDetections(6, frame, [{ x: 10, y: 10, w: 100, h: 30 }], schedule), [{ region: frame }]);
  });

  it('searches only around predicted tracks in between, at sizes near the track', () => {
    const requests = planDetections(1, frame, [{ x: 200, y: 300, w: 100, h: 30 }], schedule);
    assert.deepEqual(requests, [{ region: { x: 150, y: 285, w: 200, h: 60 }, minPlateWidth: 50, maxPlateWidth: 200 }]);
  });

  it('clips regions to the area and drops tracks predicted outside it', () => {
    const roi = { x: 0, y: 400, w: 1280, h: 320 };
    const requests = planDetections(2, roi, [{ x: 1250, y: 700, w: 100, h: 30 }, { x: 10, y: 10, w: 100, h: 30 }], schedule);
    assert.deepEqual(requests.map((r) => r.region), [{ x: 1200, y: 685, w: 80, h: 35 }]);
  });

  it('does nothing between full scans when no track is live', () => {
    assert.deepEqual(planDetections(4, frame, [], schedule), []);
  });
});

describe('mergeDetections', () => {
  it('keeps the best-scored box of each overlapping group', () => {
    const merged = mergeDetections([
      { x: 0, y: 0, w: 100, h: 30, score: 5 },
      { x: 2, y: 1, w: 100, h: 30, score: 9 },
      { x: 500, y: 0, w: 100, h: 30, score: 3 },
    ]);
    assert.deepEqual(merged.map((b) => b.score), [9, 3]);
  });

  it('merges a box nested in a larger one (the same plate at two scales), not plates side by side', () => {
    const nested = mergeDetections([
      { x: 100, y: 100, w: 300, h: 80, score: 4 },
      { x: 150, y: 110, w: 180, h: 55, score: 7 },
    ]);
    assert.deepEqual(nested.map((b) => b.score), [7]);
    const apart = mergeDetections([
      { x: 0, y: 0, w: 100, h: 30, score: 4 },
      { x: 95, y: 0, w: 100, h: 30, score: 7 },
    ]);
    assert.equal(apart.length, 2);
  });
});
