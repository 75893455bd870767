import type { PlateEvent } from '@lpr/core';
import type { PlateEventSink } from '@lpr/events';
import { formatMediaTime, printLine } from './output.js';

/** Human-readable events for a terminal: one aligned line per vehicle. */
export class TextEventSink implements PlateEventSink {
  async publish(e: PlateEvent): Promise<void> {
    printLine(
      `${formatMediaTime(e.firstSeenMs)}-${formatMediaTime(e.lastSeenMs)}  ${e.formatted.padEnd(10)}  ` +
        `confidence ${e.confidence.toFixed(2)}  reads ${String(e.reads).padStart(2)}  ${e.camera} track ${e.track}` +
        (e.snapshot ? `  ${e.snapshot}` : ''),
    );
  }

  async close(): Promise<void> {}
}
