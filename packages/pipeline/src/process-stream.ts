import type { Frame } from '@lpr/core';
import type { CropQueue } from '@lpr/queue';
import type { CameraIngest } from './camera-ingest.js';
import type { TrackAssembler } from './track-assembler.js';

export interface StreamProgress {
  frames: number;
  mediaMs: number;
  events: number;
}

/**
 * Embedded mode: one process decodes, detects, tracks, recognizes and votes. The queue is the same interface
 * distributed mode implements over BullMQ, so this function is only wiring.
 */
export async function processStream(
  frames: AsyncIterable<Frame>,
  ingest: CameraIngest,
  queue: CropQueue,
  assembler: TrackAssembler,
  onProgress?: (p: StreamProgress) => void,
): Promise<void> {
  queue.onResult((result) => assembler.cropRecognized(result));
  let last: Frame | null = null;
  for await (const frame of frames) {
    await ingest.processFrame(frame);
    last = frame;
    onProgress?.({ frames: ingest.stats.frames, mediaMs: frame.timestampMs, events: assembler.stats.eventsPublished });
  }
  ingest.finish();
  await queue.drain();
  await assembler.flush();
  if (last) onProgress?.({ frames: ingest.stats.frames, mediaMs: last.timestampMs, events: assembler.stats.eventsPublished });
}
