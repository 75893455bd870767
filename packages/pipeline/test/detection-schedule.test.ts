import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Box, Frame } from '@lpr/core';
import { DetectionSchedule, defaultDetectionSchedule, defaultMotionGate, mergeDetections } from '../src/index.js';

const frame = { x: 0, y: 0, w: 1280, h: 720 };
const schedule = { ...defaultDetectionSchedule, fullScanEvery: 3, trackMargin: 0.5, trackSizeRange: 2, motionGate: null };

/** A 25 fps frame, grey, with white rectangles. */
function picture(index: number, ...rects: Box[]): Frame {
  const data = new Uint8Array(frame.w * frame.h * 3).fill(90);
  for (const r of rects) {
    for (let y = r.y; y < r.y + r.h; y++) data.fill(230, (y * frame.w + r.x) * 3, (y * frame.w + r.x + r.w) * 3);
  }
  return { index, timestampMs: index * 40, width: frame.w, height: frame.h, data };
}

/** Plans frames 0..n-1 (rectangles per frame index) and returns each frame's requests. */
function planFrames(planner: DetectionSchedule, n: number, rects: (index: number) => Box[] = () => [], tracks: Box[] = []) {
  return Array.from({ length: n }, (_, i) => planner.plan(picture(i, ...rects(i)), frame, tracks));
}

describe('DetectionSchedule', () => {
  it('scans the whole area on every N-th frame', () => {
    const plans = planFrames(new DetectionSchedule(schedule), 7, () => [], [{ x: 10, y: 10, w: 100, h: 30 }]);
    assert.deepEqual(plans[0], [{ region: frame, reason: 'whole' }]);
    assert.deepEqual(plans[6], [{ region: frame, reason: 'whole' }]);
  });

  it('searches only around predicted tracks in between, at sizes near the track', () => {
    const requests = planFrames(new DetectionSchedule(schedule), 2, () => [], [{ x: 200, y: 300, w: 100, h: 30 }])[1];
    assert.deepEqual(requests, [{ region: { x: 150, y: 285, w: 200, h: 60 }, reason: 'track', minPlateWidth: 50, maxPlateWidth: 200 }]);
  });

  it('clips regions to the area and drops tracks predicted outside it', () => {
    const roi = { x: 0, y: 400, w: 1280, h: 320 };
    const planner = new DetectionSchedule(schedule);
    planner.plan(picture(0), roi, []);
    const requests = planner.plan(picture(1), roi, [{ x: 1250, y: 700, w: 100, h: 30 }, { x: 10, y: 10, w: 100, h: 30 }]);
    assert.deepEqual(requests.map((r) => r.region), [{ x: 1200, y: 685, w: 80, h: 35 }]);
  });

  it('does nothing between full scans when no track is live', () => {
    assert.deepEqual(planFrames(new DetectionSchedule(schedule), 5)[4], []);
  });
});

describe('DetectionSchedule with a motion gate', () => {
  const gated = { ...schedule, motionGate: defaultMotionGate };
  const plate = (x: number): Box => ({ x, y: 400, w: 160, h: 50 });

  it('searches a full-scan frame only where the picture changed since the last one, and the tracks', () => {
    const track = { x: 900, y: 100, w: 100, h: 30 };
    const oneTier = { ...gated, motionGate: { ...defaultMotionGate, tierSplits: [] } };
    const plans = planFrames(new DetectionSchedule(oneTier), 7, (i) => (i >= 3 ? [plate(100 + i * 20)] : []), [track]);
    assert.deepEqual(plans[0], [{ region: frame, reason: 'whole' }]);
    const [moved, nearTrack] = plans[3]!;
    // The plate (x 160..320, y 400..450) changed blocks 10..19 across and 25..27 down; grown by a quarter of 1280 px
    // across (20 blocks of 16 px) and a third of that up and down (107 px: 7 blocks).
    assert.deepEqual(moved, { region: { x: 0, y: 18 * 16, w: 40 * 16, h: 17 * 16 }, reason: 'motion' });
    assert.equal(nearTrack?.reason, 'track');
    assert.deepEqual(plans[6]!.map((r) => r.reason), ['motion', 'track']);
  });

  it('searches each tier of plate widths in changed regions grown by its widest plate', () => {
    const threeTiers = { ...gated, motionGate: { ...defaultMotionGate, tierSplits: [0.05, 0.1] } };
    const plans = planFrames(new DetectionSchedule(threeTiers), 4, (i) => (i >= 3 ? [plate(160)] : []));
    // Changed blocks 10..19 across and 25..27 down. Plates up to 5% of 1280 px (64 px), and a quarter past that: grown
    // by 4 blocks across and 2 down (21 px); 5 to 10% (128 px): by 8 and 3 (43 px); wider: by 20 and 7, as one tier.
    assert.deepEqual(plans[3], [
      { region: { x: 6 * 16, y: 23 * 16, w: 18 * 16, h: 7 * 16 }, reason: 'motion', maxPlateWidth: 0.05 * 1280 * 1.25 },
      {
        region: { x: 2 * 16, y: 22 * 16, w: 26 * 16, h: 9 * 16 },
        reason: 'motion',
        minPlateWidth: 0.05 * 1280,
        maxPlateWidth: 0.1 * 1280 * 1.25,
      },
      { region: { x: 0, y: 18 * 16, w: 40 * 16, h: 17 * 16 }, reason: 'motion', minPlateWidth: 0.1 * 1280 },
    ]);
  });

  it('searches nothing on a full-scan frame where nothing changed and no track is live', () => {
    assert.deepEqual(planFrames(new DetectionSchedule(gated), 4)[3], []);
  });

  it('scans everything when most of the picture changed', () => {
    const plans = planFrames(new DetectionSchedule(gated), 4, (i) => (i === 3 ? [{ x: 0, y: 0, w: 1280, h: 500 }] : []));
    assert.deepEqual(plans[3], [{ region: frame, reason: 'whole' }]);
  });

  it('still scans everything every wholeScanEveryMs of media time, for plates that stand still', () => {
    const planner = new DetectionSchedule({ ...gated, motionGate: { ...defaultMotionGate, wholeScanEveryMs: 480 } });
    // Full-scan frames every 120 ms; a whole scan at 0, then gated ones until 480 ms have passed.
    const reasons = planFrames(planner, 31).map((requests) => requests[0]?.reason ?? 'none');
    const wholeAt = reasons.flatMap((reason, i) => (reason === 'whole' ? [i] : []));
    assert.deepEqual(wholeAt, [0, 12, 24]);
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
