import { errorMessage, silentLogger, type CropResult, type Logger } from '@lpr/core';
import type { LprMetrics } from '@lpr/metrics';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { decodeCrop } from './bullmq-crop-encoding.js';
import { CROP_QUEUE_NAME, DEFAULT_KEY_PREFIX, cropJobProblem, type CropJobData, type CropReply } from './bullmq-crop-job.js';
import { RecognitionBatcher, type BatchRecognizer } from './recognition-batcher.js';

export interface RecognizerWorkerOptions {
  prefix: string;
  /** Largest onnxruntime batch, and how long a partial batch waits for more crops. */
  maxBatch: number;
  maxWaitMs: number;
  /** Jobs taken at once; above maxBatch, so that the next batch fills while one runs. */
  concurrency: number;
  /**
   * A job's lock lasts this long and is renewed at half of it; a recognizer that dies stops renewing, and the
   * stalled check (every stalledIntervalMs, default a third of the lock) hands its jobs to another worker. Lower:
   * faster recovery; too low: a busy event loop misses a renewal and the job runs twice (harmless, the ingest side
   * drops the second result).
   */
  lockDurationMs: number;
  stalledIntervalMs: number;
  /** Times a job may be recovered from a dead worker before it counts as failed. */
  maxStalledCount: number;
  /** Reply streams expire after this long without a reply: cleans up after ingest workers that are gone. */
  replyTtlMs: number;
  logger: Logger;
  metrics?: LprMetrics;
}

/** Bound on each reply stream in case its ingest worker stops reading. */
const REPLY_STREAM_MAX_LEN = 10_000;

/**
 * The recognizer side of distributed mode: takes crop jobs from BullMQ and feeds them into one RecognitionBatcher,
 * so crops of many jobs (from any camera, any ingest worker) share one onnxruntime run. Each result goes to the
 * reply stream the job names.
 */
export class BullmqRecognizerWorker {
  private readonly options: RecognizerWorkerOptions;
  private readonly batcher: RecognitionBatcher;
  private readonly worker: Worker<CropJobData, { plate: string | null }>;
  /** For queue-depth metrics only; shares the connection. */
  private readonly queue: Queue<CropJobData>;

  constructor(
    recognizer: BatchRecognizer,
    private readonly connection: Redis,
    options: Partial<RecognizerWorkerOptions> = {},
  ) {
    const maxBatch = options.maxBatch ?? 32;
    const lockDurationMs = options.lockDurationMs ?? 15_000;
    this.options = {
      prefix: DEFAULT_KEY_PREFIX,
      maxBatch,
      maxWaitMs: 20,
      concurrency: maxBatch * 2,
      lockDurationMs,
      stalledIntervalMs: Math.max(500, lockDurationMs / 3),
      maxStalledCount: 3,
      replyTtlMs: 3600_000,
      logger: silentLogger,
      ...options,
    };
    const { metrics, logger } = this.options;
    this.batcher = new RecognitionBatcher(recognizer, this.options, (size, ms) => {
      metrics?.recognitionBatchSize.observe(size);
      metrics?.recognitionBatchSeconds.observe(ms / 1000);
    });
    this.worker = new Worker<CropJobData, { plate: string | null }>(CROP_QUEUE_NAME, (job) => this.process(job), {
      connection,
      prefix: this.options.prefix,
      concurrency: this.options.concurrency,
      lockDuration: this.options.lockDurationMs,
      stalledInterval: this.options.stalledIntervalMs,
      maxStalledCount: this.options.maxStalledCount,
      autorun: false,
    });
    this.worker.on('failed', (job, err) => {
      logger.warn('crop job failed', { job: job?.id, attempt: job?.attemptsMade, error: err.message });
    });
    this.worker.on('error', (err) => logger.error('recognizer worker error', { error: errorMessage(err) }));
    this.queue = new Queue<CropJobData>(CROP_QUEUE_NAME, { connection, prefix: this.options.prefix });
  }

  /** Start taking jobs (resolves when the worker has stopped). */
  run(): Promise<void> {
    return this.worker.run();
  }

  get running(): boolean {
    return this.worker.isRunning();
  }

  get batchStats() {
    return this.batcher.stats;
  }

  jobCounts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
  }

  /**
   * Graceful stop: take no new jobs and finish the ones in hand, within graceMs. After that the worker lets go
   * without finishing; those jobs' locks lapse and another recognizer takes them over, so nothing is lost.
   */
  async close(graceMs: number): Promise<void> {
    this.batcher.flush();
    let timer: NodeJS.Timeout | undefined;
    const finished = this.worker.close().then(() => true);
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
    if (!(await Promise.race([finished, timedOut]))) {
      this.options.logger.warn('jobs still running at the end of the grace period; leaving them to other workers', { graceMs });
      await this.worker.close(true);
    }
    clearTimeout(timer);
    await this.queue.close();
  }

  private async process(job: Job<CropJobData>): Promise<{ plate: string | null }> {
    const { metrics, logger } = this.options;
    const problem = cropJobProblem(job.data, this.options.prefix);
    if (problem) {
      metrics?.cropJobs.inc({ outcome: 'malformed' });
      logger.warn('malformed crop job rejected', { job: job.id, reason: problem });
      // Unrecoverable: retrying cannot fix the data. The reason is kept as the job's failedReason.
      throw new UnrecoverableError(`malformed crop job: ${problem}`);
    }
    const data = job.data;
    const meta = { camera: data.camera, track: data.track, frameIndex: data.frameIndex, timestampMs: data.timestampMs };
    let image;
    try {
      image = await decodeCrop(data.image.base64, data.image);
    } catch (err) {
      metrics?.cropJobs.inc({ outcome: 'malformed' });
      const reason = `crop image unreadable: ${errorMessage(err)}`;
      // The reply address is valid, so the ingest worker hears of it now instead of after its timeout.
      await this.reply(data.replyTo, job, { ...meta, read: null, error: reason });
      throw new UnrecoverableError(`malformed crop job: ${reason}`);
    }
    try {
      const read = await this.batcher.read(image);
      await this.reply(data.replyTo, job, { ...meta, read });
      metrics?.cropJobs.inc({ outcome: 'read' });
      return { plate: read.plate };
    } catch (err) {
      // Recognizer errors may be transient (GPU memory): BullMQ retries; only the last attempt answers the ingest.
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (lastAttempt) {
        metrics?.cropJobs.inc({ outcome: 'failed' });
        await this.reply(data.replyTo, job, { ...meta, read: null, error: `recognition failed: ${errorMessage(err)}` });
      }
      throw err;
    }
  }

  private async reply(stream: string, job: Job, result: CropResult): Promise<void> {
    const reply: CropReply = { jobId: job.id!, result };
    const results = await this.connection
      .multi()
      .xadd(stream, 'MAXLEN', '~', REPLY_STREAM_MAX_LEN, '*', 'reply', JSON.stringify(reply))
      .pexpire(stream, this.options.replyTtlMs)
      .exec();
    // A failed reply fails the job, which BullMQ then retries: the result must reach the ingest worker.
    const failure = results?.find(([err]) => err)?.[0];
    if (failure) throw failure;
  }
}
