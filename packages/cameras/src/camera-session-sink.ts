import type { PlateEvent } from '@lpr/core';
import type { PlateEventSink } from '@lpr/events';

/**
 * Makes event ids unique across camera sessions. Track numbers restart at 1 whenever a camera starts on a worker
 * (a restart, or the camera moving to another worker), so `camera:track` alone would repeat, and the stream's
 * deduplication would swallow a new vehicle's event. The session's epoch (its start time) goes in between:
 * `camera:epoch:track`, still the same for a retried publish of the same event.
 */
export class CameraSessionSink implements PlateEventSink {
  constructor(
    private readonly inner: PlateEventSink,
    readonly epoch: number,
  ) {}

  publish(event: PlateEvent): Promise<void> {
    return this.inner.publish({ ...event, id: `${event.camera}:${this.epoch}:${event.track}` });
  }

  /** The shared sink outlives the session; its owner closes it. */
  async close(): Promise<void> {}
}
