import { errorMessage, silentLogger, type CropJob, type CropResult, type Logger } from '@lpr/core';
import type { CropQueue, CropResultListener } from './crop-queue.js';
import { RecognitionBatcher, type BatcherOptions, type BatchRecognizer } from './recognition-batcher.js';

export interface InProcessQueueOptions extends BatcherOptions {
  /** Jobs waiting or running before `add` starts to wait (backpressure on the decoder). */
  maxPending: number;
  logger: Logger;
}

/** Embedded mode's queue: crops go straight to a batching recognizer in the same process. */
export class InProcessCropQueue implements CropQueue {
  private readonly options: InProcessQueueOptions;
  private readonly batcher: RecognitionBatcher;
  private readonly listeners: CropResultListener[] = [];
  private pending = 0;
  private idleWaiters: Array<() => void> = [];
  private spaceWaiters: Array<() => void> = [];
  private closed = false;

  constructor(recognizer: BatchRecognizer, options: Partial<InProcessQueueOptions> = {}) {
    this.options = { maxBatch: 32, maxWaitMs: 20, maxPending: 256, logger: silentLogger, ...options };
    this.batcher = new RecognitionBatcher(recognizer, this.options);
  }

  get batchStats() {
    return this.batcher.stats;
  }

  async add(job: CropJob): Promise<void> {
    if (this.closed) throw new Error('crop queue is closed');
    while (this.pending >= this.options.maxPending) {
      await new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
    }
    this.pending++;
    this.batcher.read(job.image).then(
      (read) => this.deliver({ ...meta(job), read }),
      (err: unknown) => {
        const error = errorMessage(err);
        this.options.logger.error('recognition failed', { camera: job.camera, track: job.track, error });
        this.deliver({ ...meta(job), read: null, error });
      },
    );
  }

  onResult(listener: CropResultListener): void {
    this.listeners.push(listener);
  }

  drain(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    this.batcher.flush();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
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

function meta(job: CropJob) {
  return { camera: job.camera, track: job.track, frameIndex: job.frameIndex, timestampMs: job.timestampMs };
}
