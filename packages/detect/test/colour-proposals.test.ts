import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RgbImage, ScoredBox } from '@lpr/core';
import { proposeByColour, rgbToHsv, type ColourProposalOptions } from '../src/index.js';

const BLUE: [number, number, number] = [13, 63, 166];
const YELLOW: [number, number, number] = [242, 183, 5];
const WHITE: [number, number, number] = [244, 246, 248];
const GREY: [number, number, number] = [120, 120, 120];

function canvas(width: number, height: number, colour = GREY): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(colour, i * 3);
  return { width, height, data };
}

function fill(image: RgbImage, x0: number, y0: number, w: number, h: number, colour: [number, number, number]): void {
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) image.data.set(colour, (y * image.width + x) * 3);
}

/** A blue plate with white character strokes across it, as the background colour sees one. */
function plate(image: RgbImage, x0: number, y0: number, w: number, h: number, background = BLUE): void {
  fill(image, x0, y0, w, h, background);
  const stroke = Math.max(1, Math.round(w / 40));
  for (let x = x0 + Math.round(w * 0.08); x < x0 + w * 0.92; x += Math.round(w / 8)) {
    fill(image, x, y0 + Math.round(h * 0.2), stroke, Math.round(h * 0.6), WHITE);
  }
}

const options: ColourProposalOptions = {
  colours: [
    { name: 'blue', hue: [200, 250], minSaturation: 0.35, minValue: 0.2 },
    { name: 'yellow', hue: [24, 70], minSaturation: 0.35, minValue: 0.35 },
  ],
  aspect: [1, 6.5],
  minPlateWidth: 40,
};

describe('rgbToHsv', () => {
  it('gives hue in degrees and saturation and value from 0 to 1, as OpenCV defines them', () => {
    assert.deepEqual(rgbToHsv(1, 0, 0), [0, 1, 1]);
    assert.deepEqual(rgbToHsv(0, 0, 1), [240, 1, 1]);
    assert.deepEqual(rgbToHsv(0.5, 0.5, 0.5), [0, 0, 0.5]);
    const [h, s, v] = rgbToHsv(...(BLUE.map((c) => c / 255) as [number, number, number]));
    assert.ok(Math.abs(h - 220.6) < 0.5 && s > 0.9 && Math.abs(v - 166 / 255) < 1e-6, `${h} ${s} ${v}`);
  });
});

describe('proposeByColour', () => {
  it('finds a one-row blue plate and a two-row yellow plate in their own boxes, through the characters', () => {
    const image = canvas(640, 360);
    plate(image, 60, 100, 150, 48);
    plate(image, 400, 200, 120, 60, YELLOW);
    const boxes = proposeByColour(image, options);
    assert.equal(boxes.length, 2, JSON.stringify(boxes));
    const near = (a: number, b: number) => Math.abs(a - b) <= 3;
    const blue = boxes.find((b) => b.x < 320)!;
    const yellow = boxes.find((b) => b.x >= 320)!;
    assert.ok(near(blue.x, 60) && near(blue.y, 100) && near(blue.w, 150) && near(blue.h, 48), JSON.stringify(blue));
    assert.ok(near(yellow.x, 400) && near(yellow.y, 200) && near(yellow.w, 120) && near(yellow.h, 60), JSON.stringify(yellow));
    assert.ok(boxes.every((b) => b.score === 0), 'no cascade neighbours');
  });

  it('ignores regions without a plate shape, size or print: a bar, a small patch, a wall of colour, another colour, a blank', () => {
    const image = canvas(640, 360);
    fill(image, 60, 250, 150, 48, BLUE); // a plate's shape and colour, but nothing printed on it
    fill(image, 10, 10, 300, 8, BLUE); // a stripe: aspect 37
    fill(image, 400, 20, 20, 10, BLUE); // narrower than the smallest plate
    fill(image, 0, 200, 640, 160, YELLOW); // wider than half the image
    plate(image, 400, 100, 150, 48, [200, 30, 30]); // a red "plate"
    assert.deepEqual(proposeByColour(image, options), []);
  });

  it('finds a plate at the narrowest width asked for, and honours a widest one', () => {
    const image = canvas(400, 200);
    plate(image, 100, 80, 42, 14);
    assert.equal(proposeByColour(image, options).length, 1);
    assert.equal(proposeByColour(image, { ...options, minPlateWidth: 60 }).length, 0);
    assert.equal(proposeByColour(image, { ...options, maxPlateWidth: 30, minPlateWidth: 20 }).length, 0);
  });

  it("finds the narrowest plate by its background, narrower than the plate by the plate's frame", () => {
    const image = canvas(400, 200);
    // A 40 x 13 px plate: a white frame 1 px wide around a 38 x 11 px blue background, whose whole blocks of 3 px
    // (40 px over 12) span 36 px.
    fill(image, 101, 80, 40, 13, WHITE);
    plate(image, 102, 81, 38, 11);
    const [found, ...more] = proposeByColour(image, options);
    assert.ok(found && more.length === 0 && Math.abs(found.x - 102) <= 3 && found.w < 40, JSON.stringify([found, ...more]));
    // A patch of a 30 px plate's size is none of a 40 px one's.
    const small = canvas(400, 200);
    plate(small, 100, 80, 30, 10);
    assert.deepEqual(proposeByColour(small, options), []);
  });

  it('searches only a region when given one, and returns its boxes in image coordinates', () => {
    const image = canvas(640, 360);
    plate(image, 60, 100, 150, 48);
    plate(image, 400, 200, 120, 60, YELLOW);
    const inRegion = proposeByColour(image, { ...options, roi: { x: 350, y: 150, w: 250, h: 150 } });
    assert.equal(inRegion.length, 1, JSON.stringify(inRegion));
    const [{ x, y, w, h }] = inRegion as [ScoredBox];
    // Blocks of 3 px (40 px over 12) start at the region's corner: within a block of the plate.
    assert.ok([x - 400, y - 200, w - 120, h - 60].every((d) => Math.abs(d) <= 3), JSON.stringify(inRegion));
    assert.deepEqual(proposeByColour(image, { ...options, roi: { x: 700, y: 0, w: 50, h: 50 } }), [], 'a region outside the image');
  });

  it('reads hue ranges that wrap through red', () => {
    const image = canvas(400, 200);
    plate(image, 100, 80, 120, 40, [220, 20, 30]);
    const red = { ...options, colours: [{ name: 'red', hue: [340, 20] as [number, number], minSaturation: 0.5, minValue: 0.3 }] };
    assert.equal(proposeByColour(image, red).length, 1);
  });
});
