import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { LprError, type GrayImage, type RgbImage, type ScoredBox } from '@lpr/core';
import { cascadeWindow, readCascadeXml } from './cascade-detector.js';
import type { DetectRequest, SerializedError, WorkerMessage, WorkerSetup } from './detector-worker.js';
import type { AsyncPlateDetector, DetectOptions } from './plate-detector.js';
import type { Size } from './scan-plan.js';

export interface DetectorPoolOptions {
  /** Worker threads, each with its own opencv-wasm (≥128 MB heap each). Default: CPU cores - 1, at least 1. */
  workers?: number;
}

interface Job {
  request: DetectRequest;
  resolve(boxes: ScoredBox[]): void;
  reject(error: Error): void;
}

interface PoolThread {
  worker: Worker;
  job: Job | null;
}

/** Built JavaScript only: worker threads do not inherit tsx's loader, so tests use the pool from dist too. */
const workerScript = new URL('./detector-worker.js', import.meta.url);

/**
 * A cascade detector spread over worker threads, for throughput: wasm is single-threaded, so one detector uses one
 * core. Detections are queued in order and run on the first free thread; results are the same as CascadeDetector's.
 * Callers bound the number of images in flight (the queue itself is unbounded).
 */
export class DetectorPool implements AsyncPlateDetector {
  static async create(cascadePath: string, options: DetectorPoolOptions = {}): Promise<DetectorPool> {
    const xml = await readCascadeXml(cascadePath);
    const window = cascadeWindow(xml, cascadePath);
    const count = Math.max(1, Math.floor(options.workers ?? availableParallelism() - 1));
    const setup: WorkerSetup = { xml, source: cascadePath };
    const started = await Promise.allSettled(Array.from({ length: count }, () => startThread(setup)));
    const threads = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failure = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure) {
      await Promise.all(threads.map((thread) => thread.terminate()));
      throw failure.reason;
    }
    return new DetectorPool(window, threads);
  }

  private readonly threads: PoolThread[];
  private readonly queue: Job[] = [];
  private nextId = 0;
  private closed = false;
  /** Why the pool cannot detect any more: its last thread died. */
  private broken: Error | null = null;

  private constructor(
    /** Smallest plate, in pixels, the cascade can see. */
    readonly window: Size,
    workers: Worker[],
  ) {
    this.threads = workers.map((worker) => this.adopt(worker));
  }

  get size(): number {
    return this.threads.length;
  }

  detect(image: GrayImage | RgbImage, options?: DetectOptions): Promise<ScoredBox[]> {
    if (this.closed) return Promise.reject(new LprError('the detector pool is closed'));
    if (this.broken) return Promise.reject(this.broken);
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, image, options }, resolve, reject });
      this.dispatch();
    });
  }

  /** Reject what is still queued or running and stop the threads. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const closedError = new LprError('the detector pool was closed before this detection ran');
    for (const job of this.queue.splice(0)) job.reject(closedError);
    for (const thread of this.threads) thread.job?.reject(closedError);
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }

  /** Give queued jobs to free threads, oldest first. */
  private dispatch(): void {
    for (const thread of this.threads) {
      while (!thread.job && this.queue.length > 0) {
        const job = this.queue.shift()!;
        try {
          thread.worker.postMessage(job.request);
          thread.job = job;
        } catch (err) {
          // Not cloneable (e.g. a function in the options): only this detection fails.
          job.reject(err as Error);
        }
      }
    }
  }

  private adopt(worker: Worker): PoolThread {
    const thread: PoolThread = { worker, job: null };
    worker.on('message', (message: WorkerMessage) => {
      const job = thread.job;
      if ((message.type !== 'result' && message.type !== 'error') || !job || job.request.id !== message.id) return;
      thread.job = null;
      if (message.type === 'result') job.resolve(message.boxes);
      else job.reject(deserialize(message.error));
      this.dispatch();
    });
    // A thread that dies fails its detection and leaves the pool; the pool fails once no thread is left.
    const lose = (error: Error) => {
      thread.job?.reject(error);
      thread.job = null;
      const index = this.threads.indexOf(thread);
      if (this.closed || index < 0) return;
      this.threads.splice(index, 1);
      if (this.threads.length > 0) return this.dispatch();
      this.broken = error;
      for (const job of this.queue.splice(0)) job.reject(error);
    };
    worker.on('error', (err) => lose(new Error(`detector thread crashed: ${err.message}`, { cause: err })));
    worker.on('exit', (code) => lose(new Error(`detector thread exited (code ${code})`)));
    return thread;
  }
}

/** Start a thread and wait until its cascade is loaded; rejects with the thread's error (e.g. an invalid XML). */
function startThread(setup: WorkerSetup): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerScript, { workerData: setup });
    const onMessage = (message: WorkerMessage) => {
      worker.off('error', onError);
      worker.off('message', onMessage);
      if (message.type === 'ready') return resolve(worker);
      void worker.terminate();
      reject(message.type === 'failed' ? deserialize(message.error) : new Error(`unexpected ${message.type} from a starting thread`));
    };
    const onError = (err: Error) => {
      worker.off('message', onMessage);
      reject(err);
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
  });
}

function deserialize(error: SerializedError): Error {
  if (error.name === 'LprError') return new LprError(error.message);
  if (error.name === 'RangeError') return new RangeError(error.message);
  return new Error(error.message);
}
