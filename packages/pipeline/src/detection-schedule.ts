import { clampBox, iou, type Box, type ScoredBox } from '@lpr/core';

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
}

export const defaultDetectionSchedule: DetectionScheduleOptions = { fullScanEvery: 3, trackMargin: 0.6, trackSizeRange: 1.5 };

/** One detector call: where to look and, for track regions, which plate widths to expect. */
export interface DetectionRequest {
  region: Box;
  minPlateWidth?: number;
  maxPlateWidth?: number;
}

/**
 * Which searches to run on the `frameNumber`-th processed frame (0-based): the whole area on full-scan frames, else
 * one region around each predicted track box. No live track and no full scan due means no detection at all.
 */
export function planDetections(
  frameNumber: number,
  area: Box,
  predictedBoxes: readonly Box[],
  options: DetectionScheduleOptions,
): DetectionRequest[] {
  if (frameNumber % options.fullScanEvery === 0) return [{ region: area }];
  const requests: DetectionRequest[] = [];
  for (const box of predictedBoxes) {
    const grown = {
      x: box.x - box.w * options.trackMargin,
      y: box.y - box.h * options.trackMargin,
      w: box.w * (1 + 2 * options.trackMargin),
      h: box.h * (1 + 2 * options.trackMargin),
    };
    const region = intersect(grown, area);
    if (!region) continue;
    requests.push({ region, minPlateWidth: box.w / options.trackSizeRange, maxPlateWidth: box.w * options.trackSizeRange });
  }
  return requests;
}

/**
 * One plate can come back twice: from overlapping searches, or at two scales as a box inside a larger box (which
 * a cascade's grouping keeps, their IoU being low). Keep the best-scored box of each group of boxes that overlap
 * (IoU >= minIou; two plates never overlap that much) or nest (>= minContained of the smaller one inside the other).
 */
export function mergeDetections(boxes: readonly ScoredBox[], minIou = 0.3, minContained = 0.7): ScoredBox[] {
  const kept: ScoredBox[] = [];
  for (const box of [...boxes].sort((a, b) => b.score - a.score)) {
    if (!kept.some((k) => iou(k, box) >= minIou || containment(k, box) >= minContained)) kept.push(box);
  }
  return kept;
}

/** Share of the smaller box that lies inside the other. */
function containment(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  return (ix * iy) / Math.min(a.w * a.h, b.w * b.h);
}

function intersect(a: Box, area: Box): Box | null {
  const clamped = clampBox({ x: a.x - area.x, y: a.y - area.y, w: a.w, h: a.h }, area.w, area.h);
  return clamped && { x: clamped.x + area.x, y: clamped.y + area.y, w: clamped.w, h: clamped.h };
}
