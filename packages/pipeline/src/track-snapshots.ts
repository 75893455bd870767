import type { Box, RgbImage } from '@lpr/core';

/** The picture of a track's plate where it was seen largest, with its margin (`cropPadding`). */
export interface TrackSnapshot {
  camera: string;
  track: number;
  box: Box;
  image: RgbImage;
}

/**
 * Keeps, per live track, the crop of the frame where its plate was seen largest: the picture a user checks a read
 * against. The crop is cut only when the box beats the one kept. A track's snapshot is taken when its event is
 * published; tracks that end without one are forgotten oldest first once more than `maxTracks` are kept, or when a
 * new track takes their number.
 */
export class TrackSnapshots {
  private readonly kept = new Map<string, TrackSnapshot>();

  constructor(private readonly maxTracks = 64) {}

  offer(camera: string, track: number, box: Box, crop: () => RgbImage): void {
    const key = snapshotKey(camera, track);
    const current = this.kept.get(key);
    if (current && current.box.w * current.box.h >= box.w * box.h) return;
    // Re-inserted: the map's order is then the order tracks were last seen larger, oldest first.
    this.kept.delete(key);
    this.kept.set(key, { camera, track, box, image: crop() });
    for (const oldest of this.kept.keys()) {
      if (this.kept.size <= this.maxTracks) break;
      this.kept.delete(oldest);
    }
  }

  /** The track's snapshot, which is then forgotten; undefined when none was kept. */
  take(camera: string, track: number): TrackSnapshot | undefined {
    const snapshot = this.kept.get(snapshotKey(camera, track));
    this.forget(camera, track);
    return snapshot;
  }

  forget(camera: string, track: number): void {
    this.kept.delete(snapshotKey(camera, track));
  }

  get size(): number {
    return this.kept.size;
  }
}

function snapshotKey(camera: string, track: number): string {
  return `${camera}\u0000${track}`;
}
