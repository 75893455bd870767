import { clampBox, intersectionArea, iou, type Box, type Frame, type ScoredBox } from '@lpr/core';
import { blockMeans, changedRegions, type BlockMeans } from './motion-regions.js';

export interface DetectionScheduleOptions {
  /**
   * Scan the whole frame (or ROI) every this many frames; 1 scans every frame. In between, only the surroundings
   * of live tracks are searched: a full scan costs tens to hundreds of ms, a track region a few.
   */
  fullScanEvery: number;
  /** A track's search region is its predicted box grown by this many box sizes on each side. */
  trackMargin: number;
  /** Plate sizes searched near a track: its width divided and multiplied by this. */
  trackSizeRange: number;
  /** Full scans search only where the picture changed since the previous one; null: they search everything. */
  motionGate: MotionGateOptions | null;
}

export interface MotionGateOptions {
  /** Pixels sampled for the motion map: every this many, in every this many rows. */
  sampleStep: number;
  /** Side of the motion map's blocks, in pixels. */
  blockSize: number;
  /** A block changed when its mean grey level moved by more than this (of 255). */
  threshold: number;
  /** Widest plate a changed region is sure to hold whole, as a share of the area's width. */
  largestPlateWidth: number;
  /**
   * Plate widths where the search of changed regions splits into tiers, as ascending shares of the area's width:
   * each tier's plates are searched in changed regions grown by only its widest plate, the last tier's in regions
   * grown by `largestPlateWidth`. Small plates are searched at fine scales, where every pixel of a region costs, wide
   * ones at coarse scales, where a wide region is cheap. Empty: one tier, grown by `largestPlateWidth`.
   */
  tierSplits: readonly number[];
  /** Width / height of the squarest plate looked for: how far a changed region reaches up and down. */
  plateAspect: number;
  /** Changed regions covering more than this share of the area are searched as one full scan. */
  maxChangedShare: number;
  /** Scan everything at least this often (ms of media time), changed or not: plates that stand still. */
  wholeScanEveryMs: number;
}

/**
 * Block means of 16x16 px from every 4th pixel: compression and sensor noise move them by up to 8 grey levels on the
 * fixture's noisy background and on the Dutch clips' still frames, a plate or car passing by 30 to 150.
 */
export const defaultMotionGate: MotionGateOptions = {
  sampleStep: 4,
  blockSize: 16,
  threshold: 12,
  largestPlateWidth: 0.25,
  tierSplits: [0.05, 0.1, 0.2],
  plateAspect: 3,
  maxChangedShare: 0.5,
  wholeScanEveryMs: 2000,
};

/** How far a tier of a motion search reaches past its split (see `MotionGateOptions.tierSplits`). */
const TIER_OVERLAP = 1.25;

export const defaultDetectionSchedule: DetectionScheduleOptions = {
  fullScanEvery: 4,
  trackMargin: 0.6,
  trackSizeRange: 1.5,
  motionGate: defaultMotionGate,
};

/** One detector call: where to look, why, and, for track regions, which plate widths to expect. */
export interface DetectionRequest {
  region: Box;
  /** The whole area, a region where the picture changed, or the surroundings of a track. */
  reason: 'whole' | 'motion' | 'track';
  minPlateWidth?: number;
  maxPlateWidth?: number;
}

/**
 * Which searches to run on each frame of one stream, in order: the whole area on full-scan frames, else one region
 * around each predicted track box. With a motion gate, a full-scan frame searches the whole area only when the
 * picture changed almost everywhere, or the last whole scan is wholeScanEveryMs old; otherwise the regions that
 * changed since the previous full-scan frame, and the tracks. No live track and no full scan due means no detection.
 */
export class DetectionSchedule {
  private frames = 0;
  /** The motion map of the last full-scan frame: what the next one is compared with. */
  private reference: BlockMeans | null = null;
  private lastWholeScanMs = -Infinity;

  constructor(private readonly options: DetectionScheduleOptions) {}

  plan(frame: Frame, area: Box, predictedBoxes: readonly Box[]): DetectionRequest[] {
    const tracks = predictedBoxes.flatMap((box) => this.trackRequest(box, area) ?? []);
    if (this.frames++ % this.options.fullScanEvery !== 0) return tracks;
    const changed = this.motionRequests(frame, area);
    if (!changed) return [{ region: area, reason: 'whole' }];
    return [...changed, ...tracks];
  }

  /**
   * Searches of where the picture changed since the last full-scan frame, each region grown by the widest plate it
   * is searched for; null when the whole area is to be searched.
   */
  private motionRequests(frame: Frame, area: Box): DetectionRequest[] | null {
    const gate = this.options.motionGate;
    if (!gate) return null;
    const before = this.reference;
    const after = blockMeans(frame, area, gate.blockSize, gate.sampleStep);
    this.reference = after;
    const wholeScanDue = frame.timestampMs - this.lastWholeScanMs >= gate.wholeScanEveryMs;
    const grownBy = (plateWidth: number) =>
      before && changedRegions(before, after, { threshold: gate.threshold, marginX: plateWidth, marginY: plateWidth / gate.plateAspect, maxChangedShare: gate.maxChangedShare });
    const widestTier = wholeScanDue ? null : grownBy(gate.largestPlateWidth * area.w);
    if (!widestTier) {
      this.lastWholeScanMs = frame.timestampMs;
      return null;
    }
    const splits = gate.tierSplits.map((share) => share * area.w);
    return splits.concat(Infinity).flatMap((split, tier) => {
      // Regions grown less cover less: never null where the widest tier's are not.
      const regions = tier === splits.length ? widestTier : (grownBy(split) ?? []);
      // Tiers overlap by a scale step or two, so that a plate at a split has its neighbouring windows in one search.
      const widths = {
        ...(tier > 0 ? { minPlateWidth: splits[tier - 1]! } : {}),
        ...(tier < splits.length ? { maxPlateWidth: split * TIER_OVERLAP } : {}),
      };
      return regions.map((region): DetectionRequest => ({ region, reason: 'motion', ...widths }));
    });
  }

  private trackRequest(box: Box, area: Box): DetectionRequest | null {
    const { trackMargin, trackSizeRange } = this.options;
    const grown = {
      x: box.x - box.w * trackMargin,
      y: box.y - box.h * trackMargin,
      w: box.w * (1 + 2 * trackMargin),
      h: box.h * (1 + 2 * trackMargin),
    };
    const region = intersect(grown, area);
    return region && { region, reason: 'track', minPlateWidth: box.w / trackSizeRange, maxPlateWidth: box.w * trackSizeRange };
  }
}

/**
 * One plate can come back twice: from overlapping searches, or at two scales as a box inside a larger box (which
 * a cascade's grouping keeps, their IoU being low). Keep the best-scored box of each group of boxes that overlap
 * (IoU >= minIou; two plates never overlap that much) or nest (>= minContained of the smaller one inside the other).
 */
export function mergeDetections<T extends ScoredBox>(boxes: readonly T[], minIou = 0.3, minContained = 0.7): T[] {
  const kept: T[] = [];
  for (const box of [...boxes].sort((a, b) => b.score - a.score)) {
    if (!kept.some((k) => iou(k, box) >= minIou || containment(k, box) >= minContained)) kept.push(box);
  }
  return kept;
}

/** Share of the smaller box that lies inside the other. */
function containment(a: Box, b: Box): number {
  return intersectionArea(a, b) / Math.min(a.w * a.h, b.w * b.h);
}

function intersect(a: Box, area: Box): Box | null {
  const clamped = clampBox({ x: a.x - area.x, y: a.y - area.y, w: a.w, h: a.h }, area.w, area.h);
  return clamped && { x: clamped.x + area.x, y: clamped.y + area.y, w: clamped.w, h: clamped.h };
}
