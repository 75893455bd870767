import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RgbImage } from '@lpr/core';
import { mayHoldTwoRows, sideBySide, type TwoRowLayout } from '../src/two-row.js';

/** A hand-made image whose pixel (x, y) is `pixel(x, y)`. */
function paint(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 3);
  return { width, height, data };
}

const layout = (y0: number, y1: number, x0: number, x1: number, bottomFrom: number): TwoRowLayout => ({
  maxAspect: 2.6,
  top: { y0, y1, x0, x1 },
  bottomFrom,
});

describe('sideBySide', () => {
  it('sets the top row part left of the bottom row, unscaled when its height already matches', () => {
    // Each pixel holds its own coordinates, so every output pixel names where it came from.
    const crop = paint(10, 10, (x, y) => [x, y, 7]);
    const out = sideBySide(crop, layout(0, 0.5, 0.2, 0.6, 0.5));
    // Top: rows 0-4, columns 2-5 (4 x 5); bottom: rows 5-9, all 10 columns.
    const expected = paint(14, 5, (x, y) => (x < 4 ? [x + 2, y, 7] : [x - 4, y + 5, 7]));
    assert.deepEqual(out, expected);
  });

  it("scales the top row to the bottom row's height bilinearly, with OpenCV's pixel centres", () => {
    // Top part (rows 0-1, columns 0-1) is a ramp 100 * (x + y); the rest holds 10 * y + x.
    const crop = paint(4, 6, (x, y) => (x < 2 && y < 2 ? [100 * (x + y), 0, 0] : [10 * y + x, 0, 0]));
    const out = sideBySide(crop, layout(0, 1 / 3, 0, 0.5, 1 / 3));
    // 2x2 grown to 4x4 (cv2.resize gives the same): per axis [a, b] -> [a, (3a + b) / 4, (a + 3b) / 4, b].
    const ramp = [0, 0.25, 0.75, 1];
    const expected = paint(8, 4, (x, y) => (x < 4 ? [100 * (ramp[x]! + ramp[y]!), 0, 0] : [10 * (y + 2) + x - 4, 0, 0]));
    assert.deepEqual(out, expected);
  });

  it("turns shares into pixels with Python's round, halves to even", () => {
    // 10 * 0.25 = 2.5 -> 2 top rows; the top grows from 2 to 5 rows, 1 * 5 / 2 = 2.5 -> 2 columns (Math.round: 3, 3).
    const crop = paint(4, 10, (_, y) => [10 * y, 0, 0]);
    const out = sideBySide(crop, layout(0, 0.25, 0, 0.25, 0.5));
    // Rows 0 and 1 (red 0 and 10) grown to 5 rows, as cv2.resize gives them.
    const grown = [0, 1, 5, 9, 10];
    assert.deepEqual(out, paint(6, 5, (x, y) => [x < 2 ? grown[y]! : 10 * (y + 5), 0, 0]));
  });

  it('gives null when the crop is too small for the top row to hold a pixel', () => {
    assert.equal(sideBySide(paint(3, 1, () => [0, 0, 0]), layout(0, 0.42, 0.2, 0.8, 0.36)), null);
  });
});

describe('mayHoldTwoRows', () => {
  it('takes crops narrower than maxAspect only', () => {
    const twoRow = layout(0, 0.42, 0.2, 0.8, 0.36);
    assert.equal(mayHoldTwoRows(paint(259, 100, () => [0, 0, 0]), twoRow), true);
    assert.equal(mayHoldTwoRows(paint(260, 100, () => [0, 0, 0]), twoRow), false);
  });
});
