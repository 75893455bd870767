import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { PictureStore, StoredPicture } from './snapshot-retention.js';

/**
 * The plate pictures `SnapshotSink` writes into a folder (`*.jpg`; other files there are not ours). A folder not made
 * yet holds none; a picture removed meanwhile (by another worker sharing the folder) is skipped.
 */
export function folderPictureStore(dir: string): PictureStore {
  return {
    async list() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (err) {
        if (isMissing(err)) return [];
        throw err;
      }
      const pictures = await Promise.all(names.filter((name) => name.endsWith('.jpg')).map((name) => describe(join(dir, name))));
      return pictures.filter((p): p is StoredPicture => p !== null);
    },
    async remove(path) {
      try {
        await unlink(path);
      } catch (err) {
        if (!isMissing(err)) throw err;
      }
    },
  };
}

async function describe(path: string): Promise<StoredPicture | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? { path, modifiedMs: info.mtimeMs, bytes: info.size } : null;
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
}

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException)?.code === 'ENOENT';
}
