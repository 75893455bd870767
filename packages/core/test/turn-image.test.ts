import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { turnImage, type RgbImage } from '../src/index.js';

/** A black image with one white rectangle. */
function picture(width: number, height: number, rect: { x: number; y: number; w: number; h: number }): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = rect.y; y < rect.y + rect.h; y++) data.fill(255, (y * width + rect.x) * 3, (y * width + rect.x + rect.w) * 3);
  return { width, height, data };
}

/** The bounding box of the pixels brighter than mid-grey. */
function brightBox(image: RgbImage) {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -1, -1];
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (image.data[(y * image.width + x) * 3]! < 128) continue;
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    }
  }
  return { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

describe('turnImage', () => {
  it('turns by a quarter onto a canvas that holds the whole image, clockwise as displayed', () => {
    const turned = turnImage(picture(40, 20, { x: 0, y: 0, w: 10, h: 4 }), 90);
    assert.deepEqual([turned.image.width, turned.image.height], [20, 40]);
    // The top-left corner goes to the top-right.
    assert.deepEqual(brightBox(turned.image), { x: 16, y: 0, w: 4, h: 10 });
  });

  it('maps a box of the turned image back to the axis-aligned box of its corners in the original', () => {
    const turned = turnImage(picture(200, 100, { x: 0, y: 0, w: 1, h: 1 }), 30);
    const { width, height } = turned.image;
    // The whole turned canvas covers the whole original (clamped to it).
    assert.deepEqual(turned.toOriginal({ x: 0, y: 0, w: width, h: height }), { x: 0, y: 0, w: 200, h: 100 });
    // An upright plate found in the turned copy comes back as the larger box around the tilted plate.
    const plate = { x: width / 2 - 40, y: height / 2 - 13, w: 80, h: 26 };
    const back = turned.toOriginal(plate)!;
    const [cos, sin] = [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)];
    assert.ok(Math.abs(back.w - (80 * cos + 26 * sin)) <= 2 && Math.abs(back.h - (80 * sin + 26 * cos)) <= 2, JSON.stringify(back));
    assert.ok(Math.abs(back.x + back.w / 2 - 100) <= 1 && Math.abs(back.y + back.h / 2 - 50) <= 1, 'centred as the plate was');
    // A box in the canvas's empty corner lies outside the original.
    assert.equal(turned.toOriginal({ x: 0, y: 0, w: 5, h: 5 }), null);
  });

  it('puts a tilted rectangle upright when turned back by its tilt', () => {
    const tilted = turnImage(picture(160, 120, { x: 40, y: 45, w: 80, h: 30 }), -20).image;
    const upright = brightBox(turnImage(tilted, 20).image);
    assert.ok(Math.abs(upright.w - 80) <= 2 && Math.abs(upright.h - 30) <= 2, JSON.stringify(upright));
  });

  it('shrinks in the same pass: boxes of the smaller copy map back to full-size pixels', () => {
    const turned = turnImage(picture(200, 100, { x: 60, y: 40, w: 80, h: 20 }), 0, 0.5);
    assert.deepEqual([turned.image.width, turned.image.height], [100, 50]);
    const found = brightBox(turned.image);
    assert.deepEqual(found, { x: 30, y: 20, w: 40, h: 10 });
    assert.deepEqual(turned.toOriginal(found), { x: 60, y: 40, w: 80, h: 20 });
    assert.throws(() => turnImage(picture(4, 4, { x: 0, y: 0, w: 1, h: 1 }), 10, 1.5), /scale must be in \(0, 1\]/);
  });
});
