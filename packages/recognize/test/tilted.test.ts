import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cropRgb, turnImage, type RgbImage } from '@lpr/core';
import { mayBeTilted, tiltFromAspect, turnedUpright } from '../src/tilted.js';

const tilted = { maxAspect: 2.3, plateAspect: 3.14 };

/** A black picture with one white plate-shaped rectangle in the middle. */
function plate(width: number, height: number, plateWidth: number, plateHeight: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  const [x0, y0] = [Math.round((width - plateWidth) / 2), Math.round((height - plateHeight) / 2)];
  for (let y = y0; y < y0 + plateHeight; y++) data.fill(255, (y * width + x0) * 3, (y * width + x0 + plateWidth) * 3);
  return { width, height, data };
}

/** The axis-aligned box of a w x h plate turned by `degrees` about the centre of a canvas. */
function turnedPlateBox(canvas: RgbImage, w: number, h: number, degrees: number) {
  const t = (Math.abs(degrees) * Math.PI) / 180;
  const [bw, bh] = [w * Math.cos(t) + h * Math.sin(t), w * Math.sin(t) + h * Math.cos(t)];
  return { x: (canvas.width - bw) / 2, y: (canvas.height - bh) / 2, w: bw, h: bh };
}

function brightShare(image: RgbImage): number {
  let bright = 0;
  for (let i = 0; i < image.width * image.height; i++) if (image.data[i * 3]! >= 128) bright++;
  return bright / (image.width * image.height);
}

describe('tiltFromAspect', () => {
  it("gives the turn at which the plate's axis-aligned box has the aspect", () => {
    for (const degrees of [5, 15, 30]) {
      const t = (degrees * Math.PI) / 180;
      const box = (3.14 * Math.cos(t) + Math.sin(t)) / (3.14 * Math.sin(t) + Math.cos(t));
      assert.ok(Math.abs(tiltFromAspect(box, 3.14) - degrees) < 1e-6, `${degrees}`);
    }
    assert.equal(tiltFromAspect(3.5, 3.14), 0);
  });
});

describe('turnedUpright', () => {
  it('takes crops squarer than maxAspect only', () => {
    assert.equal(mayBeTilted(plate(229, 100, 10, 10), tilted), true);
    assert.equal(mayBeTilted(plate(230, 100, 10, 10), tilted), false);
  });

  it('turns a plate tilted by 15 degrees upright one way, cut to the plate box; the other way it is steeper', () => {
    for (const degrees of [15, -15]) {
      // A 157x50 plate turned by 15 degrees, cut to its axis-aligned box: the crop a hand-labelled box gives.
      const turned = turnImage(plate(400, 300, 157, 50), degrees).image;
      const crop = cropRgb(turned, turnedPlateBox(turned, 157, 50, degrees));
      const views = turnedUpright(crop, tilted);
      assert.equal(views.length, 2);
      for (const view of views) assert.ok(Math.abs(view.width - 157) <= 3 && Math.abs(view.height - 50) <= 3, `${view.width}x${view.height}`);
      // Turned back (by -15 for a plate turned by +15) the plate fills its box; turned further, a third is corners.
      const [back, further] = degrees > 0 ? [views[1]!, views[0]!] : [views[0]!, views[1]!];
      assert.ok(brightShare(back) > 0.95, `upright: ${brightShare(back)}`);
      assert.ok(brightShare(further) < 0.8, `steeper: ${brightShare(further)}`);
    }
  });

  it('gives nothing for a crop as wide as an upright plate or too square for a one-row plate', () => {
    assert.deepEqual(turnedUpright(plate(314, 100, 300, 90), tilted), []);
    assert.deepEqual(turnedUpright(plate(105, 100, 50, 50), tilted), []);
  });
});
