import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import type { RgbImage } from '@lpr/core';
import { CropPreprocessor } from '../src/index.js';

// OpenCV itself (the build the detector uses) is the reference: training resizes crops with cv2 INTER_AREA.
const { cv } = createRequire(import.meta.url)('opencv-wasm') as { cv: any };

function randomImage(width: number, height: number, seed: number): RgbImage {
  let state = seed;
  const data = Uint8Array.from({ length: width * height * 3 }, () => (state = (state * 1103515245 + 12345) % 2 ** 31) >> 23);
  return { width, height, data };
}

const input = { width: 94, height: 24, colorOrder: 'RGB' as const, mean: [127.5, 120, 100] as [number, number, number], std: [128, 64, 32] as [number, number, number] };
const plane = input.width * input.height;

function cvResizeArea(image: RgbImage): Uint8Array {
  const src = cv.matFromArray(image.height, image.width, cv.CV_8UC3, [...image.data]);
  const dst = new cv.Mat();
  cv.resize(src, dst, new cv.Size(input.width, input.height), 0, 0, cv.INTER_AREA);
  const pixels = Uint8Array.from(dst.data as Uint8Array);
  src.delete();
  dst.delete();
  return pixels;
}

/** 8-bit pixel values back out of a normalized tensor, in RGB interleaved order. */
function pixelsOf(tensor: Float32Array, order: 'RGB' | 'BGR'): number[] {
  const out: number[] = [];
  for (let i = 0; i < plane; i++) {
    for (let k = 0; k < 3; k++) {
      const p = order === 'RGB' ? k : 2 - k;
      out.push(tensor[p * plane + i]! * input.std[p]! + input.mean[p]!);
    }
  }
  return out;
}

/**
 * Every value within one 8-bit level of OpenCV's and at least `identicalShare` identical. Area averaging matches
 * exactly; OpenCV interpolates uint8 with 11-bit fixed-point weights, so enlarging differs by rounding only.
 */
function assertMatchesOpenCv(actual: number[], expected: Uint8Array, what: string, identicalShare: number): void {
  let identical = 0;
  actual.forEach((v, i) => {
    const diff = Math.abs(v - expected[i]!);
    if (diff > 1 + 1e-4) assert.fail(`${what}: value ${i} is ${v}, OpenCV has ${expected[i]}`);
    if (diff < 1e-4) identical++;
  });
  assert.ok(identical / actual.length >= identicalShare, `${what}: only ${identical} of ${actual.length} values identical to OpenCV`);
}

describe('CropPreprocessor', () => {
  const crops: [what: string, crop: RgbImage, identicalShare: number][] = [
    ['shrunk by a fractional factor', randomImage(157, 49, 1), 1],
    ['shrunk by an integer factor', randomImage(188, 48, 2), 1],
    ['enlarged', randomImage(40, 13, 3), 0.9],
    ['wider but lower (mixed)', randomImage(200, 16, 4), 0.9],
    ['a single pixel', randomImage(1, 1, 5), 1],
  ];
  for (const [what, crop, identicalShare] of crops) {
    it(`resizes a crop ${what} as cv2.resize INTER_AREA does`, () => {
      const tensor = new CropPreprocessor(input).batch([crop]);
      assertMatchesOpenCv(pixelsOf(tensor, 'RGB'), cvResizeArea(crop), what, identicalShare);
    });
  }

  it('passes a crop of the input size through exactly, normalized', () => {
    const crop = randomImage(94, 24, 6);
    const values = pixelsOf(new CropPreprocessor(input).batch([crop]), 'RGB');
    assert.deepEqual(values.map((v) => Math.round(v * 1e4) / 1e4), [...crop.data]);
  });

  it('lays a batch out crop after crop, reusing its buffers across crop sizes', () => {
    const pre = new CropPreprocessor(input);
    const batch = pre.batch(crops.map(([, crop]) => crop));
    assert.equal(batch.length, crops.length * pre.itemSize);
    crops.forEach(([what, crop], i) => {
      const one = batch.subarray(i * pre.itemSize, (i + 1) * pre.itemSize);
      assert.deepEqual(one, new CropPreprocessor(input).batch([crop]), what);
    });
  });

  it('writes BGR planes, each with its own mean and std, for a BGR model', () => {
    const crop = randomImage(120, 30, 7);
    const rgb = new CropPreprocessor(input).batch([crop]);
    const bgr = new CropPreprocessor({ ...input, colorOrder: 'BGR' }).batch([crop]);
    assert.deepEqual(pixelsOf(bgr, 'BGR').map(Math.round), pixelsOf(rgb, 'RGB').map(Math.round));
    assert.notDeepEqual(bgr, rgb);
  });

  it('rejects a crop whose data does not match its size', () => {
    assert.throws(() => new CropPreprocessor(input).batch([{ width: 4, height: 4, data: new Uint8Array(47) }]), RangeError);
  });
});
