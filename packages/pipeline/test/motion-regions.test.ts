import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Box, RgbImage } from '@lpr/core';
import { blockMeans, changedRegions } from '../src/index.js';

const width = 320;
const height = 240;
const whole = { x: 0, y: 0, w: width, h: height };

/** A grey picture with noise of +-`noise` levels on every pixel and, optionally, white rectangles on it. */
function picture(seed: number, noise: number, ...rects: Box[]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  let state = seed;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      state = (state * 1103515245 + 12345) >>> 0;
      const inRect = rects.some((r) => x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h);
      const value = inRect ? 230 : 90 + Math.round(((state / 2 ** 32) * 2 - 1) * noise);
      data.fill(value, (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  }
  return { width, height, data };
}

const options = { threshold: 12, marginX: 40, marginY: 16, maxChangedShare: 0.5 };
const means = (image: RgbImage, area: Box = whole) => blockMeans(image, area, 16, 4);

describe('blockMeans', () => {
  it('averages a sample of each block, blocks cut at the area edge included', () => {
    const image = picture(1, 0, { x: 16, y: 0, w: 16, h: 16 });
    const map = blockMeans(image, { x: 0, y: 0, w: 40, h: 20 }, 16, 4);
    assert.deepEqual({ columns: map.columns, rows: map.rows }, { columns: 3, rows: 2 });
    assert.deepEqual(Array.from(map.means), [90, 230, 90, 90, 90, 90]);
  });
});

describe('changedRegions', () => {
  it('finds nothing where only noise differs', () => {
    assert.deepEqual(changedRegions(means(picture(1, 12)), means(picture(2, 12)), options), []);
  });

  it('grows a change by the margins, rounded out to whole blocks and clipped to the area', () => {
    const plate = { x: 100, y: 100, w: 30, h: 10 };
    const regions = changedRegions(means(picture(1, 12)), means(picture(2, 12, plate)), options);
    // The plate changes blocks 6..7 across (the next one samples none of it) and 6 down; 40 px is 3 blocks, 16 px one.
    assert.deepEqual(regions, [{ x: 48, y: 80, w: 128, h: 48 }]);
    const corner = changedRegions(means(picture(1, 0)), means(picture(1, 0, { x: 0, y: 0, w: 16, h: 16 })), options);
    assert.deepEqual(corner, [{ x: 0, y: 0, w: 64, h: 32 }]);
  });

  it('merges changes closer than two margins, keeps those further apart separate', () => {
    const near = changedRegions(means(picture(1, 0)), means(picture(1, 0, { x: 16, y: 16, w: 16, h: 8 }, { x: 112, y: 16, w: 16, h: 8 })), options);
    assert.equal(near?.length, 1);
    const apart = changedRegions(means(picture(1, 0)), means(picture(1, 0, { x: 16, y: 16, w: 16, h: 8 }, { x: 240, y: 200, w: 16, h: 8 })), options);
    assert.deepEqual(apart, [
      { x: 0, y: 0, w: 80, h: 48 },
      { x: 192, y: 176, w: 112, h: 48 },
    ]);
  });

  it('merges regions whose boxes overlap into one box', () => {
    // A column of changes and a foot make an L; a change inside the L's box but not touching it joins the L's search.
    const cells = [[1, 1], [1, 3], [1, 5], [1, 7], [7, 7], [9, 2]].map(([bx, by]) => ({ x: bx! * 16, y: by! * 16, w: 16, h: 16 }));
    const regions = changedRegions(means(picture(1, 0)), means(picture(1, 0, ...cells)), options);
    assert.deepEqual(regions, [{ x: 0, y: 0, w: 208, h: 144 }]);
  });

  it('gives up (null) when the changes cover most of the area: the camera moved or the light changed', () => {
    const brighter = picture(1, 0, whole);
    assert.equal(changedRegions(means(picture(1, 0)), means(brighter), options), null);
    const scattered = [0, 1, 2, 3].flatMap((i) => [0, 1, 2].map((j) => ({ x: 20 + i * 80, y: 20 + j * 80, w: 8, h: 8 })));
    assert.equal(changedRegions(means(picture(1, 0)), means(picture(1, 0, ...scattered)), options), null);
  });

  it('gives up when the maps are of different areas (the frame size changed)', () => {
    const image = picture(1, 0);
    assert.equal(changedRegions(means(image), means(image, { x: 0, y: 0, w: 160, h: 240 }), options), null);
  });

  it('maps an ROI\'s blocks back to frame pixels', () => {
    const roi = { x: 64, y: 96, w: 200, h: 100 };
    const regions = changedRegions(means(picture(1, 0), roi), means(picture(1, 0, { x: 64, y: 96, w: 16, h: 16 }), roi), options);
    assert.deepEqual(regions, [{ x: 64, y: 96, w: 64, h: 32 }]);
  });
});
