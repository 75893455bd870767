import { errorMessage, silentLogger, type CropResult, type Logger, type RgbImage } from '@lpr/core';
import type { PlateEventSink } from '@lpr/events';
import type { LprMetrics } from '@lpr/metrics';
import {
  CameraIngest,
  TrackAssembler,
  type AssemblerOptions,
  type DetectionRequest,
  type FrameDetector,
  type IngestOptions,
} from '@lpr/pipeline';
import type { CropQueue } from '@lpr/queue';
import type { CameraConfig } from './camera-config.js';
import { ResilientFrameStream, type LiveFrameSource, type ResilientStreamOptions } from './resilient-frame-stream.js';

/** What every camera of an ingest worker shares. */
export interface CameraSessionDeps {
  /** Open one decoding session of a camera (e.g. @lpr/decode's openFrameSource over RTSP). */
  openStream(camera: CameraConfig): Promise<LiveFrameSource>;
  detector: FrameDetector;
  queue: CropQueue;
  sink: PlateEventSink;
  assembler: Omit<AssemblerOptions, 'logger'>;
  ingest: Omit<IngestOptions, 'camera' | 'roi'>;
  stream: Partial<Omit<ResilientStreamOptions, 'camera' | 'logger' | 'metrics'>>;
  /** On stop, how long to wait for the results of crops already sent before giving their tracks up. */
  stopTimeoutMs: number;
  logger: Logger;
  metrics?: LprMetrics;
}

/**
 * One camera on an ingest worker, from its lease to its release: frames from the resilient stream go through
 * detection and tracking, crops to the shared queue, and the camera's own assembler turns results and track ends
 * into events. Each session has an epoch that keeps its event ids apart from any other session of the camera.
 */
export class CameraSession {
  readonly epoch = Date.now();
  private readonly stream: ResilientFrameStream;
  private readonly ingest: CameraIngest;
  private readonly assembler: TrackAssembler;
  private readonly logger: Logger;
  private readonly running: Promise<void>;

  constructor(
    readonly camera: CameraConfig,
    private readonly deps: CameraSessionDeps,
  ) {
    this.logger = (deps.logger ?? silentLogger).child({ camera: camera.id });
    this.stream = new ResilientFrameStream(() => deps.openStream(camera), {
      ...deps.stream,
      camera: camera.id,
      logger: this.logger,
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
    });
    // Track numbers restart whenever a camera starts on a worker (a restart, or a move to another worker): the
    // session's epoch (its start time) keeps event ids unique, and still the same for a retried publish.
    const epoch = this.epoch;
    this.assembler = new TrackAssembler(deps.sink, {
      ...deps.assembler,
      eventId: (camera, track) => `${camera}:${epoch}:${track}`,
      logger: this.logger,
    });
    this.ingest = new CameraIngest(this.timed(deps.detector), deps.queue, this.assembler, {
      ...deps.ingest,
      camera: camera.id,
      ...(camera.roi ? { roi: camera.roi } : {}),
    });
    this.running = this.run();
  }

  /** A result of one of this camera's crops (the worker routes results by camera id). */
  cropRecognized(result: CropResult): void {
    this.assembler.cropRecognized(result);
  }

  /**
   * Stop reading frames, end every track, and publish their events once the results of their crops are back
   * (or stopTimeoutMs passed). Resolves when the camera can start elsewhere without losing or repeating events.
   */
  async stop(): Promise<void> {
    const deadline = Date.now() + this.deps.stopTimeoutMs;
    await this.stream.stop();
    // The frame in progress may wait for queue space that only results free (recognizers down): bounded too.
    await Promise.race([this.running, sleepUntil(deadline)]);
    this.ingest.finish();
    while (this.assembler.openTracks > 0 && Date.now() < deadline) await sleepUntil(Math.min(deadline, Date.now() + 50));
    if (this.assembler.openTracks > 0) {
      this.logger.warn('camera stopped with tracks still waiting for recognition; their events are lost', {
        tracks: this.assembler.openTracks,
      });
    }
    // Publishing waits while Redis is down; past the deadline the sink's own close logs what is left.
    await Promise.race([this.assembler.flush(), sleepUntil(deadline)]);
    this.logger.info('camera stopped', { frames: this.ingest.stats.frames, events: this.assembler.stats.eventsPublished });
  }

  private async run(): Promise<void> {
    this.logger.info('camera started', { epoch: this.epoch });
    for await (const frame of this.stream) {
      try {
        await this.ingest.processFrame(frame);
      } catch (err) {
        // One bad frame (a detector error) must not stop the camera.
        this.logger.error('frame skipped: processing failed', { frame: frame.index, error: errorMessage(err) });
      }
    }
  }

  private timed(detector: FrameDetector): FrameDetector {
    const histogram = this.deps.metrics?.detectionSeconds;
    if (!histogram) return detector;
    const labels = { camera: this.camera.id };
    return {
      async detect(image: RgbImage, request?: DetectionRequest) {
        const end = histogram.startTimer(labels);
        try {
          return await detector.detect(image, request);
        } finally {
          end();
        }
      },
    };
  }
}

function sleepUntil(time: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));
}
