import type { PlateEvent } from '@lpr/core';
import type { PlateEventSink } from './plate-event-sink.js';

/** Keeps events in an array: for tests and for callers that want the results as values. */
export class MemorySink implements PlateEventSink {
  readonly events: PlateEvent[] = [];

  async publish(event: PlateEvent): Promise<void> {
    this.events.push(event);
  }

  async close(): Promise<void> {}
}
