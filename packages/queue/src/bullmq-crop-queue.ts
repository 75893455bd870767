import { randomBytes } from 'node:crypto';
import { errorMessage, silentLogger, type CropJob, type CropResult, type Logger } from '@lpr/core';
import type { LprMetrics } from '@lpr/metrics';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CropQueue, CropResultListener } from './crop-queue.js';
import { encodeCrop } from './bullmq-crop-encoding.js';
import {
  CROP_QUEUE_NAME,
  DEFAULT_KEY_PREFIX,
  SAFE_ID,
  replyStreamKey,
  type CropImageFormat,
  type CropJobData,
  type CropReply,
} from './bullmq-crop-job.js';

export interface BullmqCropQueueOptions {
  /** Key prefix shared by every worker of one deployment (BullMQ prefix and our own keys). */
  prefix: string;
  /** Names this ingest worker in job ids and its reply stream; a random suffix keeps restarts apart. */
  workerId: string;
  /** Crops sent but not answered before `add` waits (backpressure: the camera loop then skips frames). */
  maxPending: number;
  /** A crop whose result has not come back by then counts as failed, so its track can still be closed. */
  resultTimeoutMs: number;
  format: CropImageFormat;
  /** Tries per job (a recognizer error or a crashed recognizer costs one), with exponential backoff. */
  attempts: number;
  backoffMs: number;
  logger: Logger;
  metrics?: LprMetrics;
}

interface Outstanding {
  result: Omit<CropResult, 'read'>;
  /** Kept until the result arrives, to submit the job again if Redis lost it (restart without persistence). */
  data: CropJobData | null;
  addedAt: number;
  timer: NodeJS.Timeout;
}

/**
 * The ingest side of distributed mode's crop queue: crops become BullMQ jobs that any recognizer worker takes, and
 * results come back on this worker's own reply stream (a Redis stream named in each job).
 *
 * Why a reply stream rather than QueueEvents: QueueEvents delivers every completion of the whole queue to every
 * ingest worker (N workers read N times the traffic) from a capped event log, so results can be trimmed away
 * while a worker reconnects. A stream per worker carries only its own results and keeps them until read.
 */
export class BullmqCropQueue implements CropQueue {
  private readonly options: BullmqCropQueueOptions;
  private readonly queue: Queue<CropJobData>;
  /** Blocking reads hold a connection, so replies are read on a connection of their own. */
  private readonly replies: Redis;
  private readonly replyKey: string;
  private readonly session: string;
  private readonly jobOptions: JobsOptions;
  private readonly outstanding = new Map<string, Outstanding>();
  private readonly listeners: CropResultListener[] = [];
  private spaceWaiters: Array<() => void> = [];
  private idleWaiters: Array<() => void> = [];
  private sequence = 0;
  private closed = false;
  private readonly reading: Promise<void>;

  constructor(
    private readonly connection: Redis,
    options: Partial<BullmqCropQueueOptions> & { workerId: string },
  ) {
    this.options = {
      prefix: DEFAULT_KEY_PREFIX,
      maxPending: 256,
      resultTimeoutMs: 300_000,
      format: 'jpeg',
      attempts: 3,
      backoffMs: 1000,
      logger: silentLogger,
      ...options,
    };
    if (!SAFE_ID.test(this.options.workerId)) {
      throw new Error(`worker id "${this.options.workerId}" may only contain letters, digits, "_", "." and "-"`);
    }
    this.session = `${this.options.workerId}.${randomBytes(4).toString('hex')}`;
    this.replyKey = replyStreamKey(this.options.prefix, this.session);
    this.queue = new Queue<CropJobData>(CROP_QUEUE_NAME, { connection, prefix: this.options.prefix });
    this.jobOptions = {
      attempts: this.options.attempts,
      backoff: { type: 'exponential', delay: this.options.backoffMs },
      // Results travel on the reply stream, so finished jobs are kept only briefly, for inspection.
      removeOnComplete: { age: 3600, count: 1000 },
      removeOnFail: { age: 24 * 3600, count: 10_000 },
    };
    this.replies = connection.duplicate();
    // Outages are reported by the main connection; this one only retries with it.
    this.replies.on('error', () => {});
    this.reading = this.readReplies();
    this.resubmitAfterReconnects();
  }

  /** Crops sent whose results have not come back. */
  get pending(): number {
    return this.outstanding.size;
  }

  /** Jobs in the shared queue by state, for the queue-depth metric. */
  jobCounts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
  }

  async add(job: CropJob): Promise<void> {
    if (this.closed) throw new Error('crop queue is closed');
    while (this.outstanding.size >= this.options.maxPending) {
      await new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
    }
    const jobId = `${this.session}.${++this.sequence}`;
    const result = { camera: job.camera, track: job.track, frameIndex: job.frameIndex, timestampMs: job.timestampMs };
    const timer = setTimeout(() => this.timeOut(jobId), this.options.resultTimeoutMs);
    const entry: Outstanding = { result, data: null, addedAt: performance.now(), timer };
    // Registered before the await, so that concurrent adds from several cameras respect maxPending.
    this.outstanding.set(jobId, entry);
    try {
      entry.data = {
        v: 1,
        ...result,
        box: job.box,
        image: { format: this.options.format, width: job.image.width, height: job.image.height, base64: await encodeCrop(job.image, this.options.format) },
        replyTo: this.replyKey,
      };
      await this.queue.add('crop', entry.data, { ...this.jobOptions, jobId });
    } catch (err) {
      // The caller has already counted this crop for its track: answer it with an error rather than throw.
      const error = `crop could not be queued: ${errorMessage(err)}`;
      this.options.logger.error('crop not queued', { camera: job.camera, track: job.track, error });
      this.settle(jobId, { ...result, read: null, error });
    }
  }

  onResult(listener: CropResultListener): void {
    this.listeners.push(listener);
  }

  drain(): Promise<void> {
    if (this.outstanding.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops reading results; call drain() first to wait for outstanding ones. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const { timer } of this.outstanding.values()) clearTimeout(timer);
    if (this.outstanding.size > 0) {
      this.options.logger.warn('crop queue closed with results outstanding', { outstanding: this.outstanding.size });
    }
    this.replies.disconnect();
    await this.reading;
    // Late results of this session would answer nobody: the reply stream goes now, not when it expires.
    await this.connection.del(this.replyKey);
    await this.queue.close();
  }

  private async readReplies(): Promise<void> {
    let lastId = '0-0';
    while (!this.closed) {
      try {
        const reply = (await this.replies.xread('COUNT', 512, 'BLOCK', 1000, 'STREAMS', this.replyKey, lastId)) as Array<
          [string, Array<[string, string[]]>]
        > | null;
        const entries = reply?.[0]?.[1] ?? [];
        for (const [id, fields] of entries) {
          lastId = id;
          this.handleReply(fields);
        }
        // Read entries are done with; trimming keeps the stream at what is in flight.
        if (entries.length > 0) await this.replies.xtrim(this.replyKey, 'MINID', lastId);
      } catch (err) {
        if (this.closed) return;
        this.options.logger.warn('reading crop results failed; retrying', { error: errorMessage(err) });
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  private handleReply(fields: string[]): void {
    let reply: CropReply;
    try {
      reply = JSON.parse(fields[fields.indexOf('reply') + 1] ?? '') as CropReply;
    } catch (err) {
      this.options.logger.warn('unreadable crop result skipped', { error: errorMessage(err) });
      return;
    }
    const entry = this.outstanding.get(reply.jobId);
    // A job retried after a recognizer stalled can answer twice, and one from before a restart answers nobody.
    if (!entry) return this.options.logger.debug('result for no outstanding crop dropped', { job: reply.jobId });
    this.options.metrics?.cropRoundTripSeconds.observe((performance.now() - entry.addedAt) / 1000);
    this.settle(reply.jobId, { ...entry.result, read: reply.result.read, ...(reply.result.error ? { error: reply.result.error } : {}) });
  }

  private timeOut(jobId: string): void {
    const entry = this.outstanding.get(jobId);
    if (!entry) return;
    const seconds = Math.round(this.options.resultTimeoutMs / 1000);
    const error = `no recognition result within ${seconds} s (are "lpr recognizer" workers running against this Redis?)`;
    this.options.logger.warn('crop result timed out', { camera: entry.result.camera, track: entry.result.track, job: jobId });
    this.settle(jobId, { ...entry.result, read: null, error });
  }

  private settle(jobId: string, result: CropResult): void {
    const entry = this.outstanding.get(jobId);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.outstanding.delete(jobId);
    for (const listener of this.listeners) listener(result);
    this.spaceWaiters.shift()?.();
    if (this.outstanding.size === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  /**
   * After a reconnect, add every outstanding job again under its own id: BullMQ ignores an add whose id exists, so
   * this only restores jobs a restarted Redis (without persistence) lost, and their crops still get read.
   */
  private resubmitAfterReconnects(): void {
    let connectedBefore = this.connection.status === 'ready';
    this.connection.on('ready', () => {
      if (!connectedBefore) {
        connectedBefore = true;
        return;
      }
      const jobs = [...this.outstanding].filter(([, e]) => e.data !== null);
      if (jobs.length === 0) return;
      this.options.logger.info('redis reconnected; making sure outstanding crops are still queued', { crops: jobs.length });
      for (const [jobId, entry] of jobs) {
        this.queue.add('crop', entry.data!, { ...this.jobOptions, jobId }).catch((err: unknown) => {
          this.options.logger.warn('re-adding a crop after reconnect failed', { job: jobId, error: errorMessage(err) });
        });
      }
    });
  }
}
