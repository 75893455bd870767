import { parentPort, workerData } from 'node:worker_threads';
import type { GrayImage, RgbImage, ScoredBox } from '@lpr/core';
import { CascadeDetector } from './cascade-detector.js';
import type { DetectOptions } from './plate-detector.js';

/** One DetectorPool thread: its own opencv-wasm instance and cascade, one detection at a time. */

export interface WorkerSetup {
  xml: string;
  source: string;
}

export interface DetectRequest {
  id: number;
  image: GrayImage | RgbImage;
  options: DetectOptions | undefined;
}

export interface SerializedError {
  name: string;
  message: string;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'failed'; error: SerializedError }
  | { type: 'result'; id: number; boxes: ScoredBox[] }
  | { type: 'error'; id: number; error: SerializedError };

function serialize(err: unknown): SerializedError {
  return err instanceof Error ? { name: err.name, message: err.message } : { name: 'Error', message: String(err) };
}

const port = parentPort!;
const post = (message: WorkerMessage) => port.postMessage(message);
const setup = workerData as WorkerSetup;

try {
  const detector = CascadeDetector.fromXml(setup.xml, setup.source);
  port.on('message', ({ id, image, options }: DetectRequest) => {
    try {
      post({ type: 'result', id, boxes: detector.detect(image, options) });
    } catch (err) {
      post({ type: 'error', id, error: serialize(err) });
    }
  });
  post({ type: 'ready' });
} catch (err) {
  post({ type: 'failed', error: serialize(err) });
}
