import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LprError, type GrayImage } from '@lpr/core';
// From the build: the pool's worker threads run dist/detector-worker.js (they cannot load TypeScript).
import { CascadeDetector, DetectorPool, type DetectOptions } from '@lpr/detect';

const brightCentreCascade = fileURLToPath(new URL('./fixtures/bright-centre-cascade.xml', import.meta.url));

/** Uniform gray with a bright 30x10 blob at (x, y): a "plate" for the bright-centre cascade. */
function scene(x: number, y: number): GrayImage {
  const width = 320;
  const data = new Uint8Array(width * 240).fill(100);
  for (let row = y; row < y + 10; row++) data.fill(255, row * width + x, row * width + x + 30);
  return { width, height: 240, data };
}

let pool: DetectorPool;
let detector: CascadeDetector;

before(async () => {
  pool = await DetectorPool.create(brightCentreCascade, { workers: 2 });
  detector = await CascadeDetector.load(brightCentreCascade);
});

after(async () => {
  await pool.close();
  detector.close();
});

test('the pool gives the same boxes as a detector on this thread, for concurrent requests', async () => {
  assert.equal(pool.size, 2);
  assert.deepEqual(pool.window, { width: 45, height: 15 });
  const images = Array.from({ length: 8 }, (_, i) => scene(20 + 30 * i, 30 + 20 * i));
  const pooled = await Promise.all(images.map((image) => pool.detect(image)));
  assert.deepEqual(pooled, images.map((image) => detector.detect(image)));
  assert.ok(pooled.every((boxes) => boxes.length > 0));
});

test('errors of one detection reach its caller and the pool carries on', async () => {
  await assert.rejects(pool.detect(scene(10, 10), { scaleFactor: 0.5 }), RangeError);
  const notCloneable = { roi: { x: 0, y: 0, w: 10, h: 10 }, toJSON: () => 1 } as DetectOptions;
  Object.assign(notCloneable, { callback: () => {} });
  await assert.rejects(pool.detect(scene(10, 10), notCloneable), /could not be cloned/);
  assert.ok((await pool.detect(scene(100, 100))).length > 0);
});

test('a missing or invalid cascade fails creation with an LprError naming it', async () => {
  await assert.rejects(DetectorPool.create('/nonexistent/cascade-xx.xml'), new LprError('cannot read cascade "/nonexistent/cascade-xx.xml": no such file'));
  const dir = await mkdtemp(join(tmpdir(), 'lpr-pool-'));
  try {
    const broken = join(dir, 'broken.xml');
    await writeFile(broken, '<?xml version="1.0"?><opencv_storage><cascade><width>40</width><height>13</height><stages>');
    await assert.rejects(DetectorPool.create(broken, { workers: 2 }), (err: unknown) => {
      return err instanceof LprError && err.message.startsWith(`cannot load cascade "${broken}": `);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('closing rejects queued detections and later calls', async () => {
  const closing = await DetectorPool.create(brightCentreCascade, { workers: 1 });
  const settling = Promise.allSettled(Array.from({ length: 4 }, () => closing.detect(scene(50, 50))));
  await closing.close();
  const settled = await settling;
  assert.ok(settled.some((s) => s.status === 'rejected' && s.reason instanceof LprError));
  await assert.rejects(closing.detect(scene(50, 50)), new LprError('the detector pool is closed'));
});
