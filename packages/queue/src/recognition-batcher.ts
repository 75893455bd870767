import type { PlateRead, RgbImage } from '@lpr/core';

/** What batching needs from a recognizer: read a batch of crops, one read per crop, in order. */
export interface BatchRecognizer {
  recognize(images: RgbImage[]): Promise<PlateRead[]>;
}

export interface BatcherOptions {
  /** Largest batch handed to the recognizer at once. */
  maxBatch: number;
  /** How long a partial batch may wait for more crops before it runs anyway. */
  maxWaitMs: number;
}

export interface BatchStats {
  batches: number;
  crops: number;
}

interface Waiting {
  image: RgbImage;
  resolve(read: PlateRead): void;
  reject(err: unknown): void;
}

/**
 * Gathers single crops into batches (up to maxBatch crops or maxWaitMs) and runs one batch at a time: the
 * recognizer parallelizes inside a batch, and batching amortizes its per-call cost. Used by the in-process queue
 * and by the distributed recognizer worker alike.
 */
export class RecognitionBatcher {
  private readonly options: BatcherOptions;
  private waiting: Waiting[] = [];
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  readonly stats: BatchStats = { batches: 0, crops: 0 };

  constructor(
    private readonly recognizer: BatchRecognizer,
    options: Partial<BatcherOptions> = {},
    private readonly onBatch?: (size: number, ms: number) => void,
  ) {
    this.options = { maxBatch: 32, maxWaitMs: 20, ...options };
  }

  /** Read one crop; rejects when its batch failed. */
  read(image: RgbImage): Promise<PlateRead> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ image, resolve, reject });
      this.schedule();
    });
  }

  /** Run what is waiting now instead of waiting for a full batch (end of input). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.runBatches();
  }

  private schedule(): void {
    if (this.running) return;
    if (this.waiting.length >= this.options.maxBatch) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
  }

  private async runBatches(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.options.maxBatch);
        const started = performance.now();
        try {
          const reads = await this.recognizer.recognize(batch.map((w) => w.image));
          if (reads.length !== batch.length) throw new Error(`recognizer returned ${reads.length} reads for ${batch.length} crops`);
          batch.forEach((w, i) => w.resolve(reads[i]!));
        } catch (err) {
          // A bad batch fails its own crops only; the next batch runs.
          for (const w of batch) w.reject(err);
        }
        this.stats.batches++;
        this.stats.crops += batch.length;
        this.onBatch?.(batch.length, performance.now() - started);
        // Let crops that arrive during a batch join the next one instead of running one by one.
        if (this.waiting.length > 0 && this.waiting.length < this.options.maxBatch) {
          await new Promise((r) => setTimeout(r, Math.min(this.options.maxWaitMs, 2)));
        }
      }
    } finally {
      this.running = false;
    }
  }
}
