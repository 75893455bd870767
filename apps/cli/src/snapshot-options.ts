import { resolve } from 'node:path';
import { LprError, type Logger } from '@lpr/core';
import { SnapshotRetention, folderPictureStore, type RetentionPolicy } from '@lpr/pipeline';
import { numberOption } from './args.js';

/** Plate pictures: options shared by `lpr process` and `lpr ingest`. */
export const snapshotOptionSpecs = {
  snapshots: { type: 'string' },
  'snapshots-keep-days': { type: 'string' },
  'snapshots-max-mb': { type: 'string' },
} as const;

export const snapshotOptionsHelp = `  --snapshots DIR         write each vehicle's plate picture (where it was seen largest) to DIR/<event id>.jpg
                          and name it in the event ("snapshot"); DIR on storage the event's readers can reach
  --snapshots-keep-days N delete plate pictures in DIR older than N days (at start, then every 10 minutes)
  --snapshots-max-mb N    delete the oldest plate pictures in DIR beyond N MB in all (a few KB each)`;

/** How often retention looks at the pictures: a picture outlives its limit by at most this. */
const SWEEP_EVERY_MS = 10 * 60 * 1000;

export interface SnapshotSettings {
  dir: string;
  /** Null: pictures are kept until someone deletes them. */
  retention: RetentionPolicy | null;
}

export function readSnapshotSettings(values: { [K in keyof typeof snapshotOptionSpecs]?: string | undefined }): SnapshotSettings | null {
  const keepDays = values['snapshots-keep-days'];
  const maxMb = values['snapshots-max-mb'];
  if (!values.snapshots) {
    const orphan = keepDays !== undefined ? 'snapshots-keep-days' : maxMb !== undefined ? 'snapshots-max-mb' : null;
    if (orphan) throw new LprError(`--${orphan} limits the pictures of --snapshots DIR, which is not given; add --snapshots DIR or drop --${orphan}`);
    return null;
  }
  const retention: RetentionPolicy = {
    maxAgeMs: keepDays === undefined ? null : numberOption('snapshots-keep-days', keepDays, 0, 0.001) * 24 * 3600 * 1000,
    maxBytes: maxMb === undefined ? null : numberOption('snapshots-max-mb', maxMb, 0, 0.001) * 1024 * 1024,
  };
  const limited = retention.maxAgeMs !== null || retention.maxBytes !== null;
  return { dir: resolve(values.snapshots), retention: limited ? retention : null };
}

/** Starts keeping the pictures within their limits; null when there are none. Stop it when the command ends. */
export function startSnapshotRetention(settings: SnapshotSettings | null, logger: Logger): SnapshotRetention | null {
  if (!settings?.retention) return null;
  const retention = new SnapshotRetention(folderPictureStore(settings.dir), { policy: settings.retention, everyMs: SWEEP_EVERY_MS, logger });
  retention.start();
  return retention;
}
