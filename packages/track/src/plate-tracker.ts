import { iou, type Box, type ScoredBox } from '@lpr/core';

export interface TrackerOptions {
  /** Minimum overlap between a track's predicted box and a detection to continue the track. */
  minIou: number;
  /**
   * When boxes do not overlap (low frame rate, fast vehicles), a detection still continues a track whose predicted
   * centre is within this many plate widths and whose size is within a factor of 2.
   */
  maxCentreDistance: number;
  /** A track ends when it has not been seen for this long (media time). */
  maxIdleMs: number;
}

export const defaultTrackerOptions: TrackerOptions = { minIou: 0.2, maxCentreDistance: 1.5, maxIdleMs: 1500 };

/** Where a detection of this frame went. */
export interface TrackAssignment {
  track: number;
  box: ScoredBox;
  /** True for the first detection of a new track. */
  isNew: boolean;
}

export interface TrackSummary {
  track: number;
  firstSeenMs: number;
  lastSeenMs: number;
  /** Frames in which the plate was detected. */
  hits: number;
  /** The largest box of the track: where the plate was closest to the camera. */
  bestBox: Box;
}

export interface TrackUpdate {
  assignments: TrackAssignment[];
  /** Tracks that ended at this frame (idle for longer than maxIdleMs). */
  ended: TrackSummary[];
}

interface LiveTrack extends TrackSummary {
  box: Box;
  /** Box motion per millisecond, for predicting where the plate is now. */
  vx: number;
  vy: number;
}

/**
 * Greedy IoU tracker with constant-velocity prediction. Plates are small, rigid and move smoothly, so a motion model
 * plus overlap is enough; ids are stable while a plate stays in view and never reused.
 */
export class PlateTracker {
  private readonly options: TrackerOptions;
  private readonly live = new Map<number, LiveTrack>();
  private nextId = 1;

  constructor(options: Partial<TrackerOptions> = {}) {
    this.options = { ...defaultTrackerOptions, ...options };
  }

  get activeTracks(): number {
    return this.live.size;
  }

  /** Where each live track's plate is expected at this time (constant-velocity prediction). */
  predictions(timestampMs: number): Array<{ track: number; box: Box }> {
    return [...this.live.values()].map((t) => ({ track: t.track, box: predict(t, timestampMs) }));
  }

  update(detections: readonly ScoredBox[], timestampMs: number): TrackUpdate {
    const pairs: Array<{ track: LiveTrack; det: number; cost: number }> = [];
    for (const track of this.live.values()) {
      const predicted = predict(track, timestampMs);
      detections.forEach((det, i) => {
        const cost = this.matchCost(predicted, det);
        if (cost !== null) pairs.push({ track, det: i, cost });
      });
    }
    // Greedy by cost: good enough for the few plates a frame holds, and deterministic.
    pairs.sort((a, b) => a.cost - b.cost || a.track.track - b.track.track || a.det - b.det);
    const usedTracks = new Set<number>();
    const trackOf = new Map<number, LiveTrack>();
    for (const p of pairs) {
      if (usedTracks.has(p.track.track) || trackOf.has(p.det)) continue;
      usedTracks.add(p.track.track);
      trackOf.set(p.det, p.track);
    }

    const assignments = detections.map((box, i): TrackAssignment => {
      const track = trackOf.get(i);
      if (track) {
        this.continueTrack(track, box, timestampMs);
        return { track: track.track, box, isNew: false };
      }
      const id = this.nextId++;
      this.live.set(id, {
        track: id,
        firstSeenMs: timestampMs,
        lastSeenMs: timestampMs,
        hits: 1,
        bestBox: toBox(box),
        box: toBox(box),
        vx: 0,
        vy: 0,
      });
      return { track: id, box, isNew: true };
    });

    const ended: TrackSummary[] = [];
    for (const track of this.live.values()) {
      if (timestampMs - track.lastSeenMs > this.options.maxIdleMs) ended.push(this.end(track));
    }
    return { assignments, ended };
  }

  /** End every live track (end of input). */
  finish(): TrackSummary[] {
    return [...this.live.values()].map((t) => this.end(t));
  }

  private matchCost(predicted: Box, det: Box): number | null {
    const overlap = iou(predicted, det);
    if (overlap >= this.options.minIou) return 1 - overlap;
    const sizeRatio = det.w / predicted.w;
    if (sizeRatio < 0.5 || sizeRatio > 2) return null;
    const dx = det.x + det.w / 2 - (predicted.x + predicted.w / 2);
    const dy = det.y + det.h / 2 - (predicted.y + predicted.h / 2);
    const distance = Math.hypot(dx, dy) / Math.max(predicted.w, det.w);
    if (distance > this.options.maxCentreDistance) return null;
    // Always worse than any overlapping match.
    return 1 + distance;
  }

  private continueTrack(track: LiveTrack, box: Box, timestampMs: number): void {
    const dt = timestampMs - track.lastSeenMs;
    if (dt > 0) {
      // Smoothed velocity of the box centre: detections jitter by a few pixels.
      const vx = (box.x + box.w / 2 - (track.box.x + track.box.w / 2)) / dt;
      const vy = (box.y + box.h / 2 - (track.box.y + track.box.h / 2)) / dt;
      const fresh = track.hits === 1;
      track.vx = fresh ? vx : 0.5 * track.vx + 0.5 * vx;
      track.vy = fresh ? vy : 0.5 * track.vy + 0.5 * vy;
    }
    track.box = toBox(box);
    track.lastSeenMs = timestampMs;
    track.hits++;
    if (box.w * box.h > track.bestBox.w * track.bestBox.h) track.bestBox = toBox(box);
  }

  private end(track: LiveTrack): TrackSummary {
    this.live.delete(track.track);
    const { track: id, firstSeenMs, lastSeenMs, hits, bestBox } = track;
    return { track: id, firstSeenMs, lastSeenMs, hits, bestBox };
  }
}

function predict(track: LiveTrack, timestampMs: number): Box {
  const dt = timestampMs - track.lastSeenMs;
  return { ...track.box, x: track.box.x + track.vx * dt, y: track.box.y + track.vy * dt };
}

function toBox(b: Box): Box {
  return { x: b.x, y: b.y, w: b.w, h: b.h };
}
