import type { PlateEvent } from '@lpr/core';

/** Where plate events go: stdout in the CLI, a Redis stream in distributed mode. */
export interface PlateEventSink {
  /** Resolves once the event is durably handed over; a retry with the same event id must not duplicate it. */
  publish(event: PlateEvent): Promise<void>;
  close(): Promise<void>;
}
