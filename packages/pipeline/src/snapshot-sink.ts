import { join } from 'node:path';
import { errorMessage, type Logger, type PlateEvent, type RgbImage } from '@lpr/core';
import type { PlateEventSink } from '@lpr/events';
import type { TrackSnapshots } from './track-snapshots.js';

export interface SnapshotOptions {
  /** Folder the pictures are written to, as `<event id>.jpg`. */
  dir: string;
  /** Writes an image file (e.g. @lpr/decode's writeImage): the only I/O, given by the caller. */
  write(image: RgbImage, path: string): Promise<void>;
  logger: Logger;
}

/**
 * Writes each event's plate picture (its track's largest view, `TrackSnapshots`) and names the file in the event's
 * `snapshot`, then hands the event on. An event goes on without a picture when none was kept (its track was among the
 * oldest of many) or the file cannot be written: a full disk must not cost an event.
 */
export class SnapshotSink implements PlateEventSink {
  constructor(
    private readonly inner: PlateEventSink,
    private readonly snapshots: TrackSnapshots,
    private readonly options: SnapshotOptions,
  ) {}

  async publish(event: PlateEvent): Promise<void> {
    const snapshot = this.snapshots.take(event.camera, event.track);
    if (!snapshot) return this.inner.publish(event);
    const file = join(this.options.dir, `${event.id.replace(/[^\w.-]/g, '_')}.jpg`);
    try {
      await this.options.write(snapshot.image, file);
    } catch (err) {
      this.options.logger.warn('plate picture not written; the event goes without it', { event: event.id, error: errorMessage(err) });
      return this.inner.publish(event);
    }
    return this.inner.publish({ ...event, snapshot: file });
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
