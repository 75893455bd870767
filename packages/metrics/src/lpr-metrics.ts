import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Latency buckets in seconds, from a fast single crop (ms) to a slow CPU batch or a stalled-job recovery. */
const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const BATCH_SIZE_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128];

/**
 * Every Prometheus metric the workers export, on one registry per process. Labels are camera ids (chosen by the
 * operator, never URLs) and fixed words, so no credential can reach a label.
 */
export class LprMetrics {
  readonly registry = new Registry();

  readonly framesDecoded = new Counter({
    name: 'lpr_frames_decoded_total',
    help: 'Frames decoded from a camera stream',
    labelNames: ['camera'] as const,
    registers: [this.registry],
  });
  readonly framesDropped = new Counter({
    name: 'lpr_frames_dropped_total',
    help: 'Decoded frames skipped because detection fell behind the live stream',
    labelNames: ['camera'] as const,
    registers: [this.registry],
  });
  readonly streamReconnects = new Counter({
    name: 'lpr_stream_reconnects_total',
    help: 'Camera stream restarts, by reason (error, ended, stalled)',
    labelNames: ['camera', 'reason'] as const,
    registers: [this.registry],
  });
  readonly camerasOwned = new Gauge({
    name: 'lpr_cameras_owned',
    help: 'Cameras this ingest worker holds the lease of',
    registers: [this.registry],
  });
  readonly detectionSeconds = new Histogram({
    name: 'lpr_detection_seconds',
    help: 'Plate detection time per frame',
    labelNames: ['camera'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly cropRoundTripSeconds = new Histogram({
    name: 'lpr_crop_round_trip_seconds',
    help: 'From a crop entering the queue to its result arriving back at the ingest worker',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly recognitionBatchSeconds = new Histogram({
    name: 'lpr_recognition_batch_seconds',
    help: 'Recognizer time per batch',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly recognitionBatchSize = new Histogram({
    name: 'lpr_recognition_batch_size',
    help: 'Crops per recognizer batch',
    buckets: BATCH_SIZE_BUCKETS,
    registers: [this.registry],
  });
  readonly cropJobs = new Counter({
    name: 'lpr_crop_jobs_total',
    help: 'Crop jobs handled by the recognizer, by outcome (read, failed, malformed)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  /** Read from the queue at each scrape (prom-client awaits an async collect) rather than polled. */
  private queueCounts: (() => Promise<Record<string, number>>) | null = null;
  readonly queueDepth: Gauge<'state'> = new Gauge({
    name: 'lpr_crop_queue_jobs',
    help: 'Crop jobs in the shared queue, by state (waiting, active, delayed, failed)',
    labelNames: ['state'] as const,
    registers: [this.registry],
    collect: async () => {
      if (!this.queueCounts) return;
      const byState = await this.queueCounts();
      for (const [state, n] of Object.entries(byState)) this.queueDepth.set({ state }, n);
    },
  });
  readonly platesEmitted = new Counter({
    name: 'lpr_plates_emitted_total',
    help: 'Plate events published to the event stream',
    labelNames: ['camera'] as const,
    registers: [this.registry],
  });
  readonly eventPublishRetries = new Counter({
    name: 'lpr_event_publish_retries_total',
    help: 'Event publishes retried after a Redis error',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'lpr_' });
  }

  /** Where the queue-depth gauge gets its numbers (the workers that hold a queue handle set this). */
  measureQueueDepth(counts: () => Promise<Record<string, number>>): void {
    this.queueCounts = counts;
  }
}
