import { cropRgb, padBox, type Box, type CropJob, type Frame, type RgbImage, type ScoredBox } from '@lpr/core';
import type { CropQueue } from '@lpr/queue';
import { PlateTracker, type TrackerOptions, type TrackSummary } from '@lpr/track';
import {
  DetectionSchedule,
  defaultDetectionSchedule,
  mergeDetections,
  type DetectionRequest,
  type DetectionScheduleOptions,
} from './detection-schedule.js';
import type { TrackSnapshots } from './track-snapshots.js';

/**
 * What ingest needs from a detector: boxes in the frame's pixels, searched within `request.region` (the whole frame
 * when absent) and, when given, only for plates between its min and max widths. Synchronous or from a worker pool.
 */
export interface FrameDetector {
  detect(image: RgbImage, request?: DetectionRequest): ScoredBox[] | Promise<ScoredBox[]>;
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
  /**
   * A track's crops go to the recognizer only once the plate was detected in this many frames: one-frame false
   * detections then cost no recognition. Crops of the first frames are held until then, not lost. Default 2.
   */
  minHits?: number;
  /** Only look for plates inside this region of the frame. */
  roi?: Box;
  tracker?: Partial<TrackerOptions>;
  /** When to scan the whole frame and when only around live tracks. */
  schedule?: Partial<DetectionScheduleOptions>;
  /** Where each track's largest view is kept, for its event's picture (`--snapshots` of `lpr process` and `lpr ingest`). */
  snapshots?: TrackSnapshots;
}

export interface IngestStats {
  frames: number;
  detections: number;
  cropsQueued: number;
  tracksStarted: number;
  /** Tracks that reached minHits and were sent for recognition. */
  tracksConfirmed: number;
  /** Frames searched whole, searches where the picture changed (motion gate), and searches around live tracks. */
  fullScans: number;
  motionScans: number;
  trackScans: number;
}

interface TrackCrops {
  hits: number;
  sent: number;
  /** Crops taken before the track was confirmed. */
  held: CropJob[];
}

const scanCounter = { whole: 'fullScans', motion: 'motionScans', track: 'trackScans' } as const;

/**
 * The camera side of the pipeline: detect plates in each frame, follow them with the tracker and send crops to the
 * recognizer queue. Runs the same in embedded and distributed mode.
 */
export class CameraIngest {
  private readonly tracker: PlateTracker;
  private readonly crops = new Map<number, TrackCrops>();
  private readonly schedule: DetectionSchedule;
  readonly stats: IngestStats = {
    frames: 0,
    detections: 0,
    cropsQueued: 0,
    tracksStarted: 0,
    tracksConfirmed: 0,
    fullScans: 0,
    motionScans: 0,
    trackScans: 0,
  };

  constructor(
    private readonly detector: FrameDetector,
    private readonly queue: CropQueue,
    private readonly observer: TrackObserver,
    private readonly options: IngestOptions,
  ) {
    this.tracker = new PlateTracker(options.tracker);
    this.schedule = new DetectionSchedule({ ...defaultDetectionSchedule, ...options.schedule });
  }

  async processFrame(frame: Frame): Promise<void> {
    this.stats.frames++;
    const boxes = await this.detectIn(frame);
    this.stats.detections += boxes.length;
    const update = this.tracker.update(boxes, frame.timestampMs);
    const [fx, fy] = this.options.cropPadding;
    for (const a of update.assignments) {
      if (a.isNew) this.stats.tracksStarted++;
      let track = this.crops.get(a.track);
      if (!track) this.crops.set(a.track, (track = { hits: 0, sent: 0, held: [] }));
      track.hits++;
      // Cut once for the snapshot and the read alike, and only when one of them wants it.
      let image: RgbImage | undefined;
      const crop = () => (image ??= cropRgb(frame, padBox(a.box, fx, fy)));
      const { snapshots } = this.options;
      // Track numbers start again with each session: a new track must not inherit an old one's picture.
      if (a.isNew) snapshots?.forget(this.options.camera, a.track);
      snapshots?.offer(this.options.camera, a.track, a.box, crop);
      if (track.sent + track.held.length >= this.options.maxReadsPerTrack) continue;
      track.held.push({
        camera: this.options.camera,
        track: a.track,
        frameIndex: frame.index,
        timestampMs: frame.timestampMs,
        box: a.box,
        image: crop(),
      });
      if (track.hits < (this.options.minHits ?? 2)) continue;
      if (track.sent === 0) this.stats.tracksConfirmed++;
      for (const job of track.held.splice(0)) {
        track.sent++;
        this.stats.cropsQueued++;
        this.observer.cropQueued(this.options.camera, a.track);
        await this.queue.add(job);
      }
    }
    this.endTracks(update.ended);
  }

  /** End of input: every live track ends now. */
  finish(): void {
    this.endTracks(this.tracker.finish());
  }

  private async detectIn(frame: Frame): Promise<ScoredBox[]> {
    const area = this.options.roi ?? { x: 0, y: 0, w: frame.width, h: frame.height };
    const predicted = this.tracker.predictions(frame.timestampMs).map((p) => p.box);
    const found: ScoredBox[] = [];
    for (const request of this.schedule.plan(frame, area, predicted)) {
      this.stats[scanCounter[request.reason]]++;
      found.push(...(await this.detector.detect(frame, request)));
    }
    return mergeDetections(found);
  }

  private endTracks(ended: TrackSummary[]): void {
    for (const summary of ended) {
      const track = this.crops.get(summary.track);
      this.crops.delete(summary.track);
      // Unconfirmed tracks were never sent anywhere: nobody is waiting for their end.
      if (track && track.sent > 0) this.observer.trackEnded(this.options.camera, summary);
    }
  }
}
