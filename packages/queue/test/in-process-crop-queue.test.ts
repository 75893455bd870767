import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CropJob, CropResult, PlateRead, RgbImage } from '@lpr/core';
import { InProcessCropQueue } from '../src/index.js';

const job = (track: number, width = 10): CropJob => ({
  camera: 'c',
  track,
  frameIndex: track,
  timestampMs: track * 40,
  box: { x: 0, y: 0, w: width, h: 4 },
  image: { width, height: 4, data: new Uint8Array(width * 4 * 3) },
});

/** A recognizer that "reads" the crop width, so results can be matched to jobs. */
class WidthReader {
  batches: number[] = [];
  async recognize(images: RgbImage[]): Promise<PlateRead[]> {
    this.batches.push(images.length);
    return images.map((im) => ({ plate: String(im.width), confidence: 1, candidates: [], template: null }));
  }
}

describe('InProcessCropQueue', () => {
  it('batches crops and returns one result per job, matched to it', async () => {
    const reader = new WidthReader();
    const q = new InProcessCropQueue(reader, { maxBatch: 4, maxWaitMs: 5 });
    const results: CropResult[] = [];
    q.onResult((r) => results.push(r));
    for (let i = 1; i <= 10; i++) await q.add(job(i, 10 + i));
    await q.drain();
    assert.equal(results.length, 10);
    for (const r of results) assert.equal(r.read!.plate, String(10 + r.track));
    assert.ok(reader.batches.every((n) => n <= 4));
    assert.ok(reader.batches.length < 10, `expected batching, got ${reader.batches}`);
  });

  it('turns a failing batch into failed results and keeps working', async () => {
    let calls = 0;
    const flaky = {
      async recognize(images: RgbImage[]): Promise<PlateRead[]> {
        if (calls++ === 0) throw new Error('bad tensor');
        return images.map(() => ({ plate: 'ok', confidence: 1, candidates: [], template: null }));
      },
    };
    const q = new InProcessCropQueue(flaky, { maxBatch: 2, maxWaitMs: 1 });
    const results: CropResult[] = [];
    q.onResult((r) => results.push(r));
    await q.add(job(1));
    await q.add(job(2));
    await q.drain();
    await q.add(job(3));
    await q.drain();
    assert.deepEqual(results.map((r) => r.error ?? r.read!.plate), ['bad tensor', 'bad tensor', 'ok']);
  });

  it('makes add wait while maxPending jobs are outstanding', async () => {
    const reader = new WidthReader();
    const q = new InProcessCropQueue(reader, { maxBatch: 1, maxWaitMs: 1, maxPending: 2 });
    let done = 0;
    q.onResult(() => done++);
    await q.add(job(1));
    await q.add(job(2));
    await q.add(job(3)); // resolves only after a result made room
    assert.ok(done >= 1);
    await q.close();
    assert.equal(done, 3);
  });
});
