import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RgbImage } from '@lpr/core';
import { chainRows, findCharacterRows, plateBackgrounds, textLines, type BackgroundShape, type CharacterRowOptions } from '../src/index.js';

type Rgb = [number, number, number];
const WHITE: Rgb = [240, 240, 236];
const BLACK: Rgb = [18, 18, 18];
const GREY: Rgb = [120, 120, 120];

function canvas(width: number, height: number, colour = GREY): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(colour, i * 3);
  return { width, height, data };
}

function fill(image: RgbImage, x0: number, y0: number, w: number, h: number, colour: Rgb): void {
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) image.data.set(colour, (y * image.width + x) * 3);
}

/**
 * A plate of `w` x w/3.14 px: its background, and seven ring-shaped characters (like 0s) of the print colour, 64% of
 * the plate's height, as wide as half their height, evenly spaced across 90% of the plate.
 */
function plate(image: RgbImage, x0: number, y0: number, w: number, background: Rgb, print: Rgb): void {
  const h = Math.round(w / 3.14);
  fill(image, x0, y0, w, h, background);
  const charH = Math.round(h * 0.64);
  const charW = Math.round(charH / 2);
  const stroke = Math.max(1, Math.round(charH / 7));
  const pitch = (w * 0.9 - charW) / 6;
  for (let i = 0; i < 7; i++) {
    const x = Math.round(x0 + w * 0.05 + i * pitch);
    const y = Math.round(y0 + (h - charH) / 2);
    fill(image, x, y, charW, charH, print);
    fill(image, x + stroke, y + stroke, charW - 2 * stroke, charH - 2 * stroke, background);
  }
}

const options: CharacterRowOptions = { plateAspect: 3.14, characterHeight: 0.64, minCharacters: 4, minPlateWidth: 40, maxProposals: 30, maxCharacters: 9 };

/** The plate candidates alone. */
const proposalsOf = (image: RgbImage, asked: CharacterRowOptions) => findCharacterRows(image, asked).proposals;

function covers(box: { x: number; y: number; w: number; h: number }, x: number, y: number, w: number): boolean {
  const h = w / 3.14;
  const ix = Math.max(0, Math.min(box.x + box.w, x + w) - Math.max(box.x, x));
  const iy = Math.max(0, Math.min(box.y + box.h, y + h) - Math.max(box.y, y));
  return (ix * iy) / (box.w * box.h + w * h - ix * iy) >= 0.5;
}

describe('findCharacterRows', () => {
  it('finds dark print on a light plate and light print on a dark one, small and large', () => {
    const image = canvas(1280, 720);
    plate(image, 100, 100, 60, WHITE, BLACK);
    plate(image, 400, 300, 240, BLACK, WHITE);
    plate(image, 800, 100, 120, WHITE, BLACK);
    const boxes = proposalsOf(image, options);
    for (const [x, y, w] of [[100, 100, 60], [400, 300, 240], [800, 100, 120]] as const) {
      assert.ok(boxes.some((box) => covers(box, x, y, w)), `a ${w} px plate at ${x},${y} in ${JSON.stringify(boxes)}`);
    }
  });

  it('proposes nothing for a grille of solid bars, a lone character pair or a plain picture', () => {
    const image = canvas(640, 480);
    for (let i = 0; i < 8; i++) fill(image, 100 + i * 12, 100, 6, 30, BLACK);
    fill(image, 400, 300, 8, 16, BLACK);
    fill(image, 412, 300, 8, 16, BLACK);
    assert.deepEqual(proposalsOf(image, options), []);
  });

  it('keeps the plates searched for within the width limits, at most maxProposals of each kind', () => {
    const image = canvas(1280, 720);
    plate(image, 100, 100, 60, WHITE, BLACK);
    plate(image, 400, 300, 240, BLACK, WHITE);
    const narrow = proposalsOf(image, { ...options, maxPlateWidth: 150 });
    assert.ok(narrow.length > 0 && narrow.every((box) => box.w <= 150), JSON.stringify(narrow));
    // Each plate is both a row of characters and a background holding them: one of each kind is kept.
    assert.equal(proposalsOf(image, { ...options, maxProposals: 1 }).length, 2);
  });

  it('searches only the region asked for, and gives its boxes in image coordinates', () => {
    const image = canvas(1280, 720);
    plate(image, 100, 100, 120, WHITE, BLACK);
    plate(image, 700, 400, 120, BLACK, WHITE);
    const boxes = proposalsOf(image, { ...options, roi: { x: 600, y: 300, w: 400, h: 300 } });
    assert.ok(boxes.some((box) => covers(box, 700, 400, 120)), JSON.stringify(boxes));
    assert.ok(boxes.every((box) => box.x >= 600 && box.y >= 300 && box.x + box.w <= 1000 && box.y + box.h <= 600), JSON.stringify(boxes));
    assert.deepEqual(proposalsOf(image, { ...options, roi: { x: 2000, y: 0, w: 100, h: 100 } }), []);
  });

  it('finds a two-row plate whose characters touch top to bottom by its background', () => {
    const image = canvas(640, 480);
    // 200 x 100 px white plate, two rows of four 10 px-wide bars joined top to bottom by a 4 px stem: each column one blob.
    fill(image, 200, 150, 200, 100, WHITE);
    for (let i = 0; i < 4; i++) {
      const x = 225 + i * 42;
      fill(image, x, 160, 22, 38, BLACK);
      fill(image, x + 5, 165, 12, 28, WHITE);
      fill(image, x + 9, 198, 4, 6, BLACK);
      fill(image, x, 204, 22, 38, BLACK);
      fill(image, x + 5, 209, 12, 28, WHITE);
    }
    const boxes = proposalsOf(image, options);
    // IoU with the plate, 200 x 100 px at 200,150.
    const iou = (box: { x: number; y: number; w: number; h: number }) => {
      const ix = Math.max(0, Math.min(box.x + box.w, 400) - Math.max(box.x, 200));
      const iy = Math.max(0, Math.min(box.y + box.h, 250) - Math.max(box.y, 150));
      return (ix * iy) / (box.w * box.h + 200 * 100 - ix * iy);
    };
    // A row of the four tall merged blobs, grown by the row margin, covers it more loosely (IoU 0.63).
    assert.ok(boxes.some((box) => iou(box) >= 0.7), JSON.stringify(boxes));
  });
});

describe('findCharacterRows text lines', () => {
  /** `count` ring characters 20 px tall, 10 wide, 4 apart, from x on the line at y. */
  function ringsAt(image: RgbImage, x: number, y: number, count: number): void {
    for (let i = 0; i < count; i++) {
      fill(image, x + i * 14, y, 10, 20, WHITE);
      fill(image, x + i * 14 + 3, y + 3, 4, 14, GREY);
    }
  }

  it('reports a line of more characters than a plate carries, gaps and all, and not a plate-long row', () => {
    const image = canvas(1280, 720);
    // A printed date and time: 10 characters, a gap of two heights, 4, a gap, 7, as in "2017/06/20 13:34 0000000".
    ringsAt(image, 100, 600, 10);
    ringsAt(image, 100 + 10 * 14 + 40, 600, 4);
    ringsAt(image, 100 + 14 * 14 + 80, 600, 7);
    ringsAt(image, 700, 200, 7);
    const { textLines: lines } = findCharacterRows(image, options);
    const within = (x0: number, x1: number, y: number) => lines.some((l) => l.x <= x0 && l.x + l.w >= x1 && l.y <= y && l.y + l.h >= y + 20);
    assert.ok(within(100, 100 + 14 * 14 + 80 + 7 * 14 - 4, 600), JSON.stringify(lines));
    assert.ok(!lines.some((l) => l.y < 400), `the plate-long row at 700,200 is no text line: ${JSON.stringify(lines)}`);
  });
});

describe('textLines', () => {
  const row = (x: number, count: number, y = 50, h = 10) =>
    Array.from({ length: count }, (_, i) => ({ x: x + i * 7, y, w: 5, h, pixels: 25 }));
  const width = (count: number) => count * 7 - 2;

  it('joins rows that follow one another on a line and reports it when it holds more than maxCharacters', () => {
    const date = row(10, 10);
    const time = row(10 + width(10) + 20, 4);
    assert.deepEqual(textLines([time, date], 9), [{ x: 10, y: 50, w: width(10) + 20 + width(4), h: 10 }]);
    assert.deepEqual(textLines([row(10, 9)], 9), [], 'nine characters: a plate may carry that many');
    assert.deepEqual(textLines([row(10, 5), row(10 + width(5) + 20, 4)], 9), []);
  });

  it('keeps rows apart across a wide gap, a step up or down, or another height', () => {
    const left = row(10, 6);
    const after = 10 + width(6);
    assert.deepEqual(textLines([left, row(after + 30, 6)], 9), [], 'a gap of three heights');
    assert.deepEqual(textLines([left, row(after + 10, 6, 55)], 9), [], 'half a height lower');
    assert.deepEqual(textLines([left, row(after + 10, 6, 50, 16)], 9), [], 'taller characters');
    assert.equal(textLines([left, row(after + 10, 6)], 9).length, 1);
  });
});

describe('plateBackgrounds', () => {
  const shape: BackgroundShape = { widths: [50, 100], aspects: [1.3, 4.5] };
  const region = (x: number, y: number, w: number, h: number, fill = 0.5) => ({ x, y, w, h, pixels: Math.round(w * h * fill) });
  const characters = [region(12, 13, 8, 14), region(24, 13, 8, 14), region(36, 13, 8, 14)];

  it('keeps a plate-shaped region holding character-sized holes, and counts them', () => {
    const plate = region(10, 10, 60, 20, 0.6);
    assert.deepEqual(plateBackgrounds([plate], characters, shape), [{ region: plate, characters: 3 }]);
  });

  it('drops regions of the wrong width, shape or fill, or holding fewer than two characters', () => {
    const cases = [region(10, 10, 40, 14), region(10, 10, 110, 30), region(10, 10, 60, 60), region(10, 10, 60, 20, 0.9)];
    for (const background of cases) assert.deepEqual(plateBackgrounds([background], characters, shape), [], JSON.stringify(background));
    assert.deepEqual(plateBackgrounds([region(10, 10, 60, 20)], characters.slice(0, 1), shape), []);
  });

  it("counts only holes inside, of a character's height and stroke fill", () => {
    const plate = region(10, 10, 60, 20);
    const outside = region(75, 13, 8, 14);
    const tiny = region(50, 15, 3, 3);
    const solid = region(50, 13, 8, 14, 1);
    const wide = region(40, 13, 20, 14);
    assert.deepEqual(plateBackgrounds([plate], [characters[0]!, outside, tiny, solid, wide], shape), []);
  });
});

describe('chainRows', () => {
  const blob = (x: number, y: number, h = 10, w = 5) => ({ x, y, w, h, pixels: (w * h) / 2 });

  it('chains blobs of about one height on one line, nearest first, left to right', () => {
    const row = [blob(10, 50), blob(17, 51), blob(24, 50, 12), blob(31, 49), blob(45, 50)];
    assert.deepEqual(chainRows([...row].reverse(), 4), [row]);
  });

  it('breaks a row at a wide gap, a step up or down, or a blob of another height', () => {
    const gap = [blob(10, 50), blob(17, 50), blob(24, 50), blob(45, 50), blob(52, 50)];
    assert.deepEqual(chainRows(gap, 4), []);
    const step = [blob(10, 50), blob(17, 50), blob(24, 55), blob(31, 55)];
    assert.deepEqual(chainRows(step, 4), []);
    const taller = [blob(10, 50), blob(17, 50), blob(24, 45, 20), blob(31, 50)];
    assert.deepEqual(chainRows(taller, 4), []);
  });

  it('keeps two rows apart, and drops rows shorter than asked', () => {
    const top = [blob(10, 20), blob(17, 20), blob(24, 20), blob(31, 20)];
    const bottom = [blob(12, 60), blob(19, 60), blob(26, 60)];
    assert.deepEqual(chainRows([...top, ...bottom], 3), [top, bottom]);
    assert.deepEqual(chainRows([...top, ...bottom], 4), [top]);
  });
});
