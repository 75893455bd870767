/**
 * A recognizer worker process without a model, for tests that kill one mid-batch: it "reads" each crop's width as
 * the plate and takes `delayMs` per batch, so that a test can catch it holding jobs.
 * Usage: node --import tsx test/helpers/redis-fake-recognizer.ts <redis-url> <prefix> <delayMs> [lockMs]
 */
import type { CropJob, PlateRead, RgbImage } from '@lpr/core';
import { BullmqRecognizerWorker } from '@lpr/queue';
import { testRedis } from './redis.js';

/** Reads the crop width as the plate, so that a test can match every result to its crop. */
export class WidthReader {
  readonly batches: number[] = [];
  constructor(private readonly delayMs = 0) {}

  async recognize(images: RgbImage[]): Promise<PlateRead[]> {
    this.batches.push(images.length);
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    return images.map((im) => ({ plate: `W${im.width}`, confidence: 0.9, candidates: [], template: null }));
  }
}

/** A small crop job whose image width identifies it to WidthReader. */
export function cropJob(camera: string, track: number, width: number): CropJob {
  const data = new Uint8Array(width * 24 * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7 + track) & 0xff;
  return { camera, track, frameIndex: track, timestampMs: track * 100, box: { x: 10, y: 20, w: width, h: 24 }, image: { width, height: 24, data } };
}

if (process.argv[1]?.endsWith('redis-fake-recognizer.ts')) {
  const [url, prefix, delayMs, lockMs] = process.argv.slice(2);
  const worker = new BullmqRecognizerWorker(new WidthReader(Number(delayMs)), testRedis(url), {
    prefix,
    maxBatch: 8,
    maxWaitMs: 5,
    lockDurationMs: Number(lockMs ?? 2000),
    stalledIntervalMs: 1000,
  });
  void worker.run();
  // Tell the test once jobs are being taken.
  const timer = setInterval(() => {
    if (worker.batchStats.batches > 0) {
      process.stdout.write('busy\n');
      clearInterval(timer);
    }
  }, 20);
}
