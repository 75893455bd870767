import { cropRgb, padBox, type Box, type Frame, type RgbImage, type ScoredBox } from '@lpr/core';
import type { CropQueue } from '@lpr/queue';
import { PlateTracker, type TrackerOptions, type TrackSummary } from '@lpr/track';

/** What ingest needs from a detector: boxes in the frame's pixels (synchronous or from a worker pool). */
export interface FrameDetector {
  detect(image: RgbImage): ScoredBox[] | Promise<ScoredBox[]>;
}

/** Who is told about crops and track ends: the assembler, locally or across the network. */
export interface TrackObserver {
  cropQueued(camera: string, track: number): void;
  trackEnded(camera: string, summary: TrackSummary): void;
}

export interface IngestOptions {
  camera: string;
  /** Fraction of the box added on each side (x, y) before cropping: detector boxes are tight. */
  cropPadding: [number, number];
  /** Later crops of a long-lived track add little; cap the recognition work per vehicle. */
  maxReadsPerTrack: number;
  /** Only look for plates inside this region of the frame. */
  roi?: Box;
  tracker?: Partial<TrackerOptions>;
}

export interface IngestStats {
  frames: number;
  detections: number;
  cropsQueued: number;
  tracksStarted: number;
}

/**
 * The camera side of the pipeline: detect plates in each frame, follow them with the tracker and send crops to the
 * recognizer queue. Runs the same in embedded and distributed mode.
 */
export class CameraIngest {
  private readonly tracker: PlateTracker;
  private readonly readsSent = new Map<number, number>();
  readonly stats: IngestStats = { frames: 0, detections: 0, cropsQueued: 0, tracksStarted: 0 };

  constructor(
    private readonly detector: FrameDetector,
    private readonly queue: CropQueue,
    private readonly observer: TrackObserver,
    private readonly options: IngestOptions,
  ) {
    this.tracker = new PlateTracker(options.tracker);
  }

  async processFrame(frame: Frame): Promise<void> {
    this.stats.frames++;
    const boxes = await this.detectIn(frame);
    this.stats.detections += boxes.length;
    const update = this.tracker.update(boxes, frame.timestampMs);
    for (const a of update.assignments) {
      if (a.isNew) this.stats.tracksStarted++;
      const sent = this.readsSent.get(a.track) ?? 0;
      if (sent >= this.options.maxReadsPerTrack) continue;
      this.readsSent.set(a.track, sent + 1);
      const [fx, fy] = this.options.cropPadding;
      this.observer.cropQueued(this.options.camera, a.track);
      this.stats.cropsQueued++;
      await this.queue.add({
        camera: this.options.camera,
        track: a.track,
        frameIndex: frame.index,
        timestampMs: frame.timestampMs,
        box: a.box,
        image: cropRgb(frame, padBox(a.box, fx, fy)),
      });
    }
    this.endTracks(update.ended);
  }

  /** End of input: every live track ends now. */
  finish(): void {
    this.endTracks(this.tracker.finish());
  }

  private async detectIn(frame: Frame): Promise<ScoredBox[]> {
    const roi = this.options.roi;
    if (!roi) return this.detector.detect(frame);
    const boxes = await this.detector.detect(cropRgb(frame, roi));
    return boxes.map((b) => ({ ...b, x: b.x + roi.x, y: b.y + roi.y }));
  }

  private endTracks(ended: TrackSummary[]): void {
    for (const summary of ended) {
      this.readsSent.delete(summary.track);
      this.observer.trackEnded(this.options.camera, summary);
    }
  }
}
