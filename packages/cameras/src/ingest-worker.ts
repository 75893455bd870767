import type { Logger } from '@lpr/core';
import { RedisStreamSink } from '@lpr/events';
import type { LprMetrics } from '@lpr/metrics';
import { SnapshotSink, TrackSnapshots, type SnapshotOptions } from '@lpr/pipeline';
import { BullmqCropQueue, type CropImageFormat } from '@lpr/queue';
import type { Redis } from 'ioredis';
import type { CameraConfig } from './camera-config.js';
import { CameraLeases } from './camera-leases.js';
import { CameraSession, type CameraSessionDeps } from './camera-session.js';
import { IngestCoordinator } from './ingest-coordinator.js';

export interface IngestWorkerOptions
  extends Pick<CameraSessionDeps, 'openStream' | 'detector' | 'assembler' | 'ingest' | 'stream' | 'stopTimeoutMs'> {
  prefix: string;
  /** Unique among the deployment's ingest workers: it holds the camera leases. */
  workerId: string;
  cameras: () => Promise<CameraConfig[]>;
  leaseMs: number;
  maxPending: number;
  cropFormat: CropImageFormat;
  /** Approximate cap on the event stream `<prefix>:events`. */
  eventMaxLen: number;
  logger: Logger;
  metrics: LprMetrics;
  /** Write each event's plate picture (see `SnapshotSink`); the worker keeps its cameras' largest views for it. */
  snapshots?: Omit<SnapshotOptions, 'logger'>;
}

/**
 * An ingest worker: its share of the cameras (leases), each camera's frames through detection and tracking, crops
 * onto the BullMQ queue, results back to each camera's assembler, events onto the Redis stream.
 */
export class IngestWorker {
  readonly queue: BullmqCropQueue;
  readonly sink: RedisStreamSink;
  readonly coordinator: IngestCoordinator;
  private readonly logger: Logger;

  constructor(redis: Redis, options: IngestWorkerOptions) {
    const { prefix, workerId, logger, metrics } = options;
    this.logger = logger;
    this.queue = new BullmqCropQueue(redis, {
      prefix,
      workerId,
      maxPending: options.maxPending,
      format: options.cropFormat,
      logger,
      metrics,
    });
    metrics.measureQueueDepth(() => this.queue.jobCounts());
    this.sink = new RedisStreamSink(redis, {
      stream: `${prefix}:events`,
      maxLen: options.eventMaxLen,
      logger,
      onPublished: (event) => metrics.platesEmitted.inc({ camera: event.camera }),
      onRetry: () => metrics.eventPublishRetries.inc(),
    });
    const deps: CameraSessionDeps = { ...options, queue: this.queue, sink: this.sink };
    if (options.snapshots) {
      const views = new TrackSnapshots();
      deps.ingest = { ...options.ingest, snapshots: views };
      deps.sink = new SnapshotSink(this.sink, views, { ...options.snapshots, logger });
    }
    this.coordinator = new IngestCoordinator({
      cameras: options.cameras,
      leases: new CameraLeases(redis, prefix, workerId, options.leaseMs),
      startCamera: (camera) => new CameraSession(camera, deps),
      logger,
      metrics,
    });
    this.queue.onResult((result) => this.coordinator.cropRecognized(result));
  }

  start(): void {
    this.coordinator.start();
  }

  /**
   * Finish every camera (their last events published), hand the leases back, close the queue, then the sink. When
   * Redis is unreachable the first part would wait for it forever: after `graceMs` it is given up, and closing the
   * sink still logs in full every event Redis did not take, so that none is lost without a trace.
   */
  async stop(graceMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceMs)));
    const graceful = (async () => {
      await this.coordinator.stop();
      await this.queue.close();
      return false;
    })();
    if (await Promise.race([graceful, gaveUp])) {
      this.logger.error('ingest worker did not stop within its grace period (Redis unreachable?); closing anyway', { graceMs });
    }
    clearTimeout(timer);
    await this.sink.close();
  }
}
