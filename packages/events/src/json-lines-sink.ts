import type { Writable } from 'node:stream';
import type { PlateEvent } from '@lpr/core';
import type { PlateEventSink } from './plate-event-sink.js';

/** One JSON object per line, e.g. on stdout for `lpr process --json`. */
export class JsonLinesSink implements PlateEventSink {
  constructor(private readonly out: Writable) {}

  publish(event: PlateEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      this.out.write(JSON.stringify(event) + '\n', (err) => (err ? reject(err) : resolve()));
    });
  }

  async close(): Promise<void> {}
}
