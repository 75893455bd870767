import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RgbImage } from '@lpr/core';
import { blockMeans, grayBlockMeans } from '../src/block-means.js';

// 5x3 pixels: red, green, blue, white, black along each row, darker row by row.
const image: RgbImage = {
  width: 5,
  height: 3,
  data: Uint8Array.from({ length: 45 }, (_, i) => {
    const [pixel, channel] = [Math.floor(i / 3), i % 3];
    const colour = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255], [0, 0, 0]][pixel % 5]!;
    return colour[channel]! >> Math.floor(pixel / 5);
  }),
};

describe('blockMeans and grayBlockMeans', () => {
  it('average whole blocks and drop the partial ones at the right and bottom', () => {
    const { width, height, rgb } = blockMeans(image, 2);
    assert.deepEqual([width, height], [2, 1]);
    // Block 0: red, green (row 0) and red, green at half brightness (row 1).
    assert.deepEqual(Array.from(rgb.slice(0, 3)), [(255 + 127) / 4, (255 + 127) / 4, 0]);
    assert.deepEqual(Array.from(blockMeans(image, 1).rgb.slice(0, 6)), [255, 0, 0, 0, 255, 0]);
  });

  it('give in grey the luma of the same mean colours, pixel by pixel or block by block', () => {
    for (const step of [1, 2, 3]) {
      const colour = blockMeans(image, step);
      const gray = grayBlockMeans(image, step);
      assert.deepEqual([gray.width, gray.height], [colour.width, colour.height]);
      const luma = Array.from(gray.data, (_, i) =>
        Math.fround(0.299 * colour.rgb[3 * i]! + 0.587 * colour.rgb[3 * i + 1]! + 0.114 * colour.rgb[3 * i + 2]!),
      );
      assert.deepEqual(Array.from(gray.data), luma, `step ${step}`);
    }
    assert.equal(Math.round(grayBlockMeans(image, 1).data[3]!), 255, 'white');
  });
});
