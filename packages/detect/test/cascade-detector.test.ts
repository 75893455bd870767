import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LprError, type Box, type GrayImage, type RgbImage, type ScoredBox } from '@lpr/core';
import { CascadeDetector, cascadeWindow } from '../src/index.js';

const brightCentreCascade = fileURLToPath(new URL('./fixtures/bright-centre-cascade.xml', import.meta.url));

/** A uniform image with one bright rectangle: what the bright-centre cascade calls a plate. */
function sceneWithBlob(width: number, height: number, blob: Box): GrayImage {
  const data = new Uint8Array(width * height).fill(100);
  for (let y = blob.y; y < blob.y + blob.h; y++) data.fill(255, y * width + blob.x, y * width + blob.x + blob.w);
  return { width, height, data };
}

function toRgb(gray: GrayImage): RgbImage {
  const data = new Uint8Array(gray.data.length * 3);
  gray.data.forEach((v, i) => data.fill(v, i * 3, i * 3 + 3));
  return { width: gray.width, height: gray.height, data };
}

function centre(box: Box): [number, number] {
  return [box.x + box.w / 2, box.y + box.h / 2];
}

function assertCentredOn(found: ScoredBox[], blob: Box, tolerance: number): void {
  assert.ok(found.length > 0, 'no detection');
  const [cx, cy] = centre(found[0]!);
  const [bx, by] = centre(blob);
  assert.ok(Math.abs(cx - bx) <= tolerance && Math.abs(cy - by) <= tolerance, `best box ${JSON.stringify(found[0])} is not centred on ${JSON.stringify(blob)}`);
}

let detector: CascadeDetector;
let dir = '';

before(async () => {
  detector = await CascadeDetector.load(brightCentreCascade);
  dir = await mkdtemp(join(tmpdir(), 'lpr-detect-'));
});

after(async () => {
  detector.close();
  await rm(dir, { recursive: true, force: true });
});

describe('CascadeDetector', () => {
  const blob = { x: 300, y: 200, w: 30, h: 10 };
  const scene = sceneWithBlob(640, 480, blob);

  test('reads the window size from the XML', () => {
    assert.deepEqual(detector.window, { width: 45, height: 15 });
  });

  test('finds the blob in a gray image, best score first', () => {
    const found = detector.detect(scene);
    assertCentredOn(found, blob, 3);
    assert.ok(found.every((box, i) => i === 0 || box.score <= found[i - 1]!.score));
    assert.ok(found[0]!.score >= 3, 'score is the number of merged windows');
  });

  test('an RGB image gives the same boxes as its gray version', () => {
    assert.deepEqual(detector.detect(toRgb(scene)), detector.detect(scene));
  });

  test('minNeighbors 0 returns every raw window with score 1', () => {
    const raw = detector.detect(scene, { minNeighbors: 0 });
    assert.ok(raw.length > detector.detect(scene).length);
    assert.ok(raw.every((box) => box.score === 1));
  });

  test('refuses a search that would exhaust the wasm heap, with how to fix it, and keeps working', () => {
    const huge = { width: 4000, height: 3000, data: new Uint8Array(4000 * 3000) };
    assert.throws(
      () => detector.detect(huge, { scaleFactor: 1.02 }),
      (err: unknown) => err instanceof LprError && /needs about \d+ MB of detector memory \(limit 512 MB\): raise scaleFactor/.test(err.message),
    );
    assertCentredOn(detector.detect(scene), blob, 3);
  });

  test('boxes of a downscaled search come back in original pixels', () => {
    // The same scene 5x larger (3200x2400 RGB): plates of at least 225 px are searched at a fifth of the size.
    const big = { x: 1500, y: 1000, w: 150, h: 50 };
    const found = detector.detect(toRgb(sceneWithBlob(3200, 2400, big)), { minPlateWidth: 225 });
    assertCentredOn(found, big, 10);
    assert.ok(found[0]!.w >= 225, `box ${found[0]!.w} px wide is below minPlateWidth`);
  });

  test('plate width limits are honoured', () => {
    const found = detector.detect(scene, { minPlateWidth: 60, maxPlateWidth: 200 });
    assert.ok(found.length > 0);
    assert.ok(found.every((box) => box.w >= 60 * 0.95 && box.w <= 200 * 1.05), JSON.stringify(found));
    assert.deepEqual(detector.detect(scene, { minPlateWidth: 30, maxPlateWidth: 44 }), [], 'below the window nothing can be found');
  });

  test('a region of interest is searched alone, boxes stay in image coordinates', () => {
    // Windows clipped by the ROI's edges shift the merged box by a few pixels; a coordinate error would be ~200 px.
    const roi = { x: 200, y: 150, w: 300, h: 150 };
    assertCentredOn(detector.detect(scene, { roi }), blob, 5);
    assertCentredOn(detector.detect(toRgb(scene), { roi }), blob, 5);
    assert.deepEqual(detector.detect(scene, { roi: { x: 0, y: 0, w: 250, h: 480 } }), []);
    assert.deepEqual(detector.detect(scene, { roi: { x: 700, y: 0, w: 50, h: 50 } }), [], 'outside the image');
  });

  test('a window-sized image scanned at the window size is exactly one verdict', () => {
    const oneWindow = { minPlateWidth: 45, maxPlateWidth: 45, minNeighbors: 0 };
    const accepted = detector.detect(sceneWithBlob(45, 15, { x: 15, y: 5, w: 15, h: 5 }), oneWindow);
    assert.deepEqual(accepted, [{ x: 0, y: 0, w: 45, h: 15, score: 1 }]);
    assert.deepEqual(detector.detect(sceneWithBlob(45, 15, { x: 0, y: 0, w: 15, h: 5 }), oneWindow), []);
  });

  test('rejects bad input', () => {
    assert.throws(() => detector.detect({ width: 10, height: 10, data: new Uint8Array(99) }), RangeError);
    assert.throws(() => detector.detect(scene, { scaleFactor: 1 }), RangeError);
  });
});

describe('loading a cascade', () => {
  test('a missing file', async () => {
    const missing = join(dir, 'cascade-xx.xml');
    await assert.rejects(CascadeDetector.load(missing), new LprError(`cannot read cascade "${missing}": no such file`));
  });

  test('a file that is not a cascade', async () => {
    const notes = join(dir, 'notes.xml');
    await writeFile(notes, '<?xml version="1.0"?><notes>hello</notes>');
    await assert.rejects(
      CascadeDetector.load(notes),
      new LprError(`"${notes}" is not an OpenCV cascade XML (no <cascade> with a window <width> and <height>)`),
    );
  });

  test('a cascade XML that OpenCV cannot parse', () => {
    const broken = '<?xml version="1.0"?><opencv_storage><cascade><width>40</width><height>13</height><stages>';
    assert.throws(
      () => CascadeDetector.fromXml(broken, 'broken.xml'),
      (err: unknown) => err instanceof LprError && /^cannot load cascade "broken\.xml": \S/.test(err.message) && !err.message.includes('\n'),
    );
  });

  test('cascadeWindow reads <width> and <height> in either order, with or without a type_id', () => {
    assert.deepEqual(cascadeWindow('<cascade><height>13</height><width>40</width></cascade>', 'x'), { width: 40, height: 13 });
    const written = '<cascade type_id="opencv-cascade-classifier"><width>40</width><height>13</height></cascade>';
    assert.deepEqual(cascadeWindow(written, 'x'), { width: 40, height: 13 });
  });
});
