import { errorMessage, type Logger } from '@lpr/core';

/** How long plate pictures are kept, and how much room they may take; null: no limit of that kind. */
export interface RetentionPolicy {
  maxAgeMs: number | null;
  maxBytes: number | null;
}

/** A picture on storage: its path, when it was written and its size. */
export interface StoredPicture {
  path: string;
  modifiedMs: number;
  bytes: number;
}

/** Where the pictures are: listed and removed (a folder: `folderPictureStore`). */
export interface PictureStore {
  list(): Promise<StoredPicture[]>;
  remove(path: string): Promise<void>;
}

/**
 * The pictures a policy drops, oldest first: every picture older than `maxAgeMs`, then the oldest of the rest until
 * they take at most `maxBytes`.
 */
export function picturesToDelete(pictures: readonly StoredPicture[], policy: RetentionPolicy, nowMs: number): string[] {
  const { maxAgeMs } = policy;
  const oldestFirst = [...pictures].sort((a, b) => a.modifiedMs - b.modifiedMs);
  // Oldest first, the expired pictures come first: drop that many, then more while the rest are too large.
  let drop = maxAgeMs === null ? 0 : oldestFirst.filter((p) => nowMs - p.modifiedMs > maxAgeMs).length;
  if (policy.maxBytes !== null) {
    let bytes = oldestFirst.slice(drop).reduce((sum, p) => sum + p.bytes, 0);
    while (drop < oldestFirst.length && bytes > policy.maxBytes) bytes -= oldestFirst[drop++]!.bytes;
  }
  return oldestFirst.slice(0, drop).map((p) => p.path);
}

export interface SnapshotRetentionOptions {
  policy: RetentionPolicy;
  /** Sweep this often while running (the first sweep comes at `start`). */
  everyMs: number;
  logger: Logger;
  now?: () => number;
}

/**
 * Keeps a service's plate pictures within its policy, so that a camera that runs for months does not fill the disk:
 * sweeps at start and then every `everyMs`. A sweep that fails (storage gone, a picture removed by someone else) is
 * logged and the next one tries again; the service goes on either way.
 */
export class SnapshotRetention {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<number> | undefined;

  constructor(
    private readonly store: PictureStore,
    private readonly options: SnapshotRetentionOptions,
  ) {}

  start(): void {
    void this.sweepOnce();
    this.timer = setInterval(() => void this.sweepOnce(), this.options.everyMs);
    // Retention never keeps a finished process alive.
    this.timer.unref();
  }

  /** Deletes what the policy drops now; the number of pictures deleted. */
  async sweep(): Promise<number> {
    const { policy, now = Date.now } = this.options;
    const doomed = picturesToDelete(await this.store.list(), policy, now());
    let deleted = 0;
    for (const path of doomed) {
      try {
        await this.store.remove(path);
        deleted++;
      } catch (err) {
        this.options.logger.warn('old plate picture not deleted', { path, error: errorMessage(err) });
      }
    }
    if (deleted > 0) this.options.logger.info('old plate pictures deleted', { deleted });
    return deleted;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** One sweep at a time: a slow disk must not pile sweeps up. */
  private sweepOnce(): Promise<number> {
    this.sweeping ??= this.sweep()
      .catch((err) => {
        this.options.logger.warn('plate pictures not swept; trying again later', { error: errorMessage(err) });
        return 0;
      })
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }
}
