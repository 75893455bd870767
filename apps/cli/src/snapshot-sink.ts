import { join } from 'node:path';
import type { PlateEvent } from '@lpr/core';
import { writeImage } from '@lpr/decode';
import type { PlateEventSink } from '@lpr/events';
import type { TrackSnapshots } from '@lpr/pipeline';

/**
 * Writes each event's plate picture (its track's largest view, `TrackSnapshots`) into a folder as `<event id>.jpg`
 * and names the file in the event's `snapshot`, then hands the event on. An event whose picture was not kept (the
 * track was among the oldest of many) goes on without one.
 */
export class SnapshotSink implements PlateEventSink {
  constructor(
    private readonly inner: PlateEventSink,
    private readonly snapshots: TrackSnapshots,
    private readonly dir: string,
  ) {}

  async publish(event: PlateEvent): Promise<void> {
    const snapshot = this.snapshots.take(event.camera, event.track);
    if (!snapshot) return this.inner.publish(event);
    const file = join(this.dir, `${event.id.replace(/[^\w.-]/g, '_')}.jpg`);
    await writeImage(snapshot.image, file);
    return this.inner.publish({ ...event, snapshot: file });
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
