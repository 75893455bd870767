import type { Box, CropResult } from '@lpr/core';

/** Queue name under the BullMQ prefix: keys are `<prefix>:crops:*`. */
export const CROP_QUEUE_NAME = 'crops';
export const DEFAULT_KEY_PREFIX = 'lpr';

/**
 * Crop image formats on the wire. JPEG (quality 92) is the default: a 94x24 crop is 2.8 KB in base64, against 8.5 KB
 * as PNG, which gains nothing on pixels that already went through the camera's H.264. PNG is lossless, for
 * comparing reads with embedded mode exactly.
 */
export type CropImageFormat = 'png' | 'jpeg';

/** What a crop job carries in BullMQ: the crop as a compact image, and where its result goes. */
export interface CropJobData {
  /** Wire format version, so that a recognizer can reject jobs from an incompatible ingest worker clearly. */
  v: 1;
  camera: string;
  track: number;
  frameIndex: number;
  timestampMs: number;
  box: Box;
  image: { format: CropImageFormat; width: number; height: number; base64: string };
  /** The reply stream of the ingest worker that owns the camera's tracks. */
  replyTo: string;
}

/** One entry of a reply stream (field `reply`, JSON): the result of one job. */
export interface CropReply {
  jobId: string;
  result: CropResult;
}

/** Largest crop side accepted: plates are small; anything bigger is a bug or an attack on worker memory. */
export const MAX_CROP_SIDE = 2048;

export function replyStreamKey(prefix: string, ingestSession: string): string {
  return `${prefix}:replies:${ingestSession}`;
}

/** Ids that become key and job-id parts: no separators, no spaces, nothing to escape. */
export const SAFE_ID = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * Check job data from Redis before using it: a recognizer must not trust what any client put in the queue.
 * Returns the reason it is unusable, or null when it is a valid crop job whose replies go under `prefix`.
 */
export function cropJobProblem(data: unknown, prefix: string): string | null {
  if (!isRecord(data)) return 'job data is not an object';
  if (data.v !== 1) return `unsupported crop job version ${JSON.stringify(data.v)} (this recognizer reads version 1; upgrade the older worker)`;
  if (typeof data.camera !== 'string' || data.camera === '') return 'camera must be a non-empty string';
  for (const field of ['track', 'frameIndex'] as const) {
    if (!Number.isInteger(data[field]) || (data[field] as number) < 0) return `${field} must be an integer >= 0`;
  }
  if (typeof data.timestampMs !== 'number' || !Number.isFinite(data.timestampMs)) return 'timestampMs must be a finite number';
  const box = data.box;
  if (!isRecord(box) || !['x', 'y', 'w', 'h'].every((k) => typeof box[k] === 'number' && Number.isFinite(box[k]))) {
    return 'box must be {x, y, w, h} with finite numbers';
  }
  const image = data.image;
  if (!isRecord(image)) return 'image must be an object';
  if (image.format !== 'png' && image.format !== 'jpeg') return `image.format must be "png" or "jpeg", got ${JSON.stringify(image.format)}`;
  for (const side of ['width', 'height'] as const) {
    const n = image[side];
    if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > MAX_CROP_SIDE) return `image.${side} must be an integer in 1..${MAX_CROP_SIDE}`;
  }
  if (typeof image.base64 !== 'string' || image.base64.length === 0) return 'image.base64 must be a non-empty string';
  const replyPrefix = replyStreamKey(prefix, '');
  if (typeof data.replyTo !== 'string' || !data.replyTo.startsWith(replyPrefix) || !SAFE_ID.test(data.replyTo.slice(replyPrefix.length))) {
    // Checked strictly because the recognizer writes to this key: a job must not steer it to any other key.
    return `replyTo must be a reply stream key "${replyPrefix}<session>"`;
  }
  return null;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
