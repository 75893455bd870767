import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closeMask, connectedRegions } from '../src/binary-mask.js';

const mask = (rows: string[]) => Uint8Array.from(rows.join('').split(''), Number);
const text = (m: Uint8Array, width: number) => Array.from({ length: m.length / width }, (_, y) => m.slice(y * width, (y + 1) * width).join(''));

/** Closing by its definition: dilate, then erode, each pixel looking at every pixel of its box within the mask. */
function closeByDefinition(m: Uint8Array, width: number, height: number, across: number, down: number): Uint8Array {
  const pass = (src: Uint8Array, keep: 0 | 1) =>
    src.map((_, i) => {
      const [x, y] = [i % width, Math.floor(i / width)];
      for (let dy = -down; dy <= down; dy++) {
        for (let dx = -across; dx <= across; dx++) {
          const [u, v] = [x + dx, y + dy];
          if (u >= 0 && u < width && v >= 0 && v < height && src[v * width + u] === keep) return keep;
        }
      }
      return 1 - keep;
    });
  return pass(pass(m, 1), 0);
}

describe('closeMask', () => {
  it('joins gaps of up to twice its reach along rows and down columns, and no wider', () => {
    assert.deepEqual(text(closeMask(mask(['1000010000001']), 13, 1, 2, 0), 13), ['1111110000001']);
    assert.deepEqual(text(closeMask(mask(['10', '00', '00', '10']), 2, 4, 0, 1), 2), ['10', '10', '10', '10']);
    assert.deepEqual(text(closeMask(mask(['10', '00', '00', '00', '10']), 2, 5, 0, 1), 2), ['10', '00', '00', '00', '10']);
  });

  it("fills holes and keeps a shape's edges where they were; beyond the mask's edge counts as neither set nor clear", () => {
    const shape = mask(['000000000', '000000000', '001111100', '001010100', '001111100', '000000000', '000000000']);
    const closed = ['000000000', '000000000', '001111100', '001111100', '001111100', '000000000', '000000000'];
    assert.deepEqual(text(closeMask(shape, 9, 7, 1, 1), 9), closed);
    // The border erodes nothing: a shape within reach of it grows to it.
    assert.deepEqual(text(closeMask(mask(['0110']), 4, 1, 1, 0), 4), ['1111']);
  });

  it('closes a one-pixel-wide column down its length', () => {
    assert.deepEqual(text(closeMask(mask(['1', '0', '1', '0', '0', '0', '0']), 1, 7, 0, 2), 1), ['1', '1', '1', '0', '0', '0', '0']);
  });

  it('matches closing by its definition on random masks', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let trial = 0; trial < 50; trial++) {
      const [width, height] = [1 + Math.floor(random() * 30), 1 + Math.floor(random() * 12)];
      const m = Uint8Array.from({ length: width * height }, () => (random() < 0.4 ? 1 : 0));
      const [across, down] = [Math.floor(random() * 4), Math.floor(random() * 3)];
      assert.deepEqual(closeMask(m, width, height, across, down), closeByDefinition(m, width, height, across, down), `trial ${trial}`);
    }
  });
});

describe('connectedRegions', () => {
  it('finds 4-connected regions with their boxes and pixel counts', () => {
    // Diagonal neighbours are not connected: (1,1) joins the top pair, (3,1) the bottom pair.
    const regions = connectedRegions(mask(['1100', '0101', '0011']), 4, 3);
    assert.deepEqual(regions, [
      { x: 0, y: 0, w: 2, h: 2, pixels: 3 },
      { x: 2, y: 1, w: 2, h: 2, pixels: 3 },
    ]);
  });
});
