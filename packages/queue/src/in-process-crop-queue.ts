import { errorMessage, silentLogger, type CropJob, type CropResult, type Logger, type PlateRead, type RgbImage } from '@lpr/core';
import type { CropQueue, CropResultListener } from './crop-queue.js';

/** What the queue needs from a recognizer: read a batch of crops, one read per crop, in order. */
export interface BatchRecognizer {
  recognize(images: RgbImage[]): Promise<PlateRead[]>;
}

export interface InProcessQueueOptions {
  /** Largest batch handed to the recognizer at once. */
  maxBatch: number;
  /** How long a partial batch may wait for more crops before it runs anyway. */
  maxWaitMs: number;
  /** Jobs waiting or running before `add` starts to wait. */
  maxPending: number;
  logger: Logger;
}

/**
 * Batches crops in memory and recognizes them one batch at a time. One batch in flight is enough: the recognizer
 * parallelizes inside a batch, and batching amortizes the per-call overhead.
 */
export class InProcessCropQueue implements CropQueue {
  private readonly options: InProcessQueueOptions;
  private readonly waiting: CropJob[] = [];
  private readonly listeners: CropResultListener[] = [];
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private pending = 0;
  private idleWaiters: Array<() => void> = [];
  private spaceWaiters: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly recognizer: BatchRecognizer,
    options: Partial<InProcessQueueOptions> = {},
  ) {
    this.options = { maxBatch: 32, maxWaitMs: 20, maxPending: 256, logger: silentLogger, ...options };
  }

  async add(job: CropJob): Promise<void> {
    if (this.closed) throw new Error('crop queue is closed');
    while (this.pending >= this.options.maxPending) {
      await new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
    }
    this.pending++;
    this.waiting.push(job);
    this.schedule();
  }

  onResult(listener: CropResultListener): void {
    this.listeners.push(listener);
  }

  drain(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    this.flushSoon(0);
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
  }

  private schedule(): void {
    if (this.running) return;
    if (this.waiting.length >= this.options.maxBatch) this.flushSoon(0);
    else this.flushSoon(this.options.maxWaitMs);
  }

  private flushSoon(delayMs: number): void {
    if (this.running) return;
    if (this.timer && delayMs > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.runBatch().finally(() => {
        this.running = null;
        if (this.waiting.length > 0) this.schedule();
      });
    }, delayMs);
  }

  private async runBatch(): Promise<void> {
    const batch = this.waiting.splice(0, this.options.maxBatch);
    if (batch.length === 0) return;
    let reads: Array<PlateRead | null>;
    let error: string | undefined;
    try {
      reads = await this.recognizer.recognize(batch.map((j) => j.image));
    } catch (err) {
      // A bad batch must not stop the service: its crops come back as failures and the next batch runs.
      error = errorMessage(err);
      this.options.logger.error('recognition failed', { crops: batch.length, error });
      reads = batch.map(() => null);
    }
    batch.forEach((job, i) => this.deliver(toResult(job, reads[i] ?? null, error)));
  }

  private deliver(result: CropResult): void {
    for (const listener of this.listeners) listener(result);
    this.pending--;
    this.spaceWaiters.shift()?.();
    if (this.pending === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }
}

function toResult(job: CropJob, read: PlateRead | null, error: string | undefined): CropResult {
  const result: CropResult = {
    camera: job.camera,
    track: job.track,
    frameIndex: job.frameIndex,
    timestampMs: job.timestampMs,
    read,
  };
  if (read === null) result.error = error ?? 'no read returned for this crop';
  return result;
}
