import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planScan, pyramidBytes } from '../src/index.js';

const window = { width: 40, height: 13 };

test('a 720p frame whose smallest plate is the window width is scanned at full resolution', () => {
  assert.deepEqual(planScan({ width: 1280, height: 720 }, window, 40, 640), {
    scale: 1,
    width: 1280,
    height: 720,
    minSize: { width: 40, height: 13 },
    maxSize: { width: 640, height: 720 },
  });
});

test('a 12 MP photo with plates of at least 120 px is scanned at a third of its size', () => {
  assert.deepEqual(planScan({ width: 4000, height: 3000 }, window, 120, 2000), {
    scale: 1 / 3,
    width: 1333,
    height: 1000,
    minSize: { width: 40, height: 13 },
    maxSize: { width: 666, height: 1000 },
  });
});

test('plates narrower than the window do not enlarge the image', () => {
  const plan = planScan({ width: 640, height: 480 }, window, 20, 320);
  assert.equal(plan?.scale, 1);
  assert.deepEqual(plan?.minSize, window);
});

test('maxSize never exceeds the working image', () => {
  assert.deepEqual(planScan({ width: 200, height: 100 }, window, 40, 5000)?.maxSize, { width: 200, height: 100 });
});

test('no plan when no plate of the requested sizes fits', () => {
  assert.equal(planScan({ width: 30, height: 40 }, window, 40, 60), null, 'region narrower than the window');
  assert.equal(planScan({ width: 400, height: 10 }, window, 40, 200), null, 'region lower than the window');
});

test('rejects impossible limits', () => {
  assert.throws(() => planScan({ width: 100, height: 100 }, window, 0, 50), RangeError);
  assert.throws(() => planScan({ width: 100, height: 100 }, window, 60, 50), RangeError);
  assert.throws(() => planScan({ width: 100, height: 100 }, window, Number.NaN, 50), RangeError);
});

test('pyramid memory: what OpenCV asked for a 12 MP search at scaleFactor 1.05, and less at 1.1', () => {
  const plateWindow = { width: 40, height: 13 };
  const plan = planScan({ width: 3968, height: 2976 }, plateWindow, 40, 1984)!;
  const measured = 673_768_320; // "Failed to allocate 673768320 bytes" from opencv-wasm for this search
  const fine = pyramidBytes(plan, plateWindow, 1.05);
  assert.ok(fine >= measured && fine < 1.1 * measured, `${fine} bytes estimated`);
  const coarse = pyramidBytes(plan, plateWindow, 1.1);
  assert.ok(coarse < 0.6 * fine && coarse < 512 * 2 ** 20, `${coarse} bytes at 1.1`);
});

test('pyramid memory counts only the scales searched', () => {
  const plateWindow = { width: 40, height: 13 };
  const all = planScan({ width: 1280, height: 720 }, plateWindow, 40, 640)!;
  const large = { ...all, minSize: { width: 200, height: 65 } };
  assert.ok(pyramidBytes(large, plateWindow, 1.1) < pyramidBytes(all, plateWindow, 1.1) / 4);
});
