import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { silentLogger, type Logger } from '@lpr/core';
import { SnapshotRetention, folderPictureStore, picturesToDelete, type PictureStore, type StoredPicture } from '../src/index.js';

const DAY = 24 * 3600 * 1000;
const NOW = 100 * DAY;
const picture = (path: string, ageDays: number, bytes = 10): StoredPicture => ({ path, modifiedMs: NOW - ageDays * DAY, bytes });

describe('picturesToDelete', () => {
  const pictures = [picture('b', 2), picture('a', 40), picture('c', 0.5), picture('d', 31)];

  it('drops every picture older than the age limit, oldest first', () => {
    assert.deepEqual(picturesToDelete(pictures, { maxAgeMs: 30 * DAY, maxBytes: null }, NOW), ['a', 'd']);
  });

  it('drops the oldest until the rest fit the size limit', () => {
    assert.deepEqual(picturesToDelete(pictures, { maxAgeMs: null, maxBytes: 25 }, NOW), ['a', 'd']);
    assert.deepEqual(picturesToDelete(pictures, { maxAgeMs: null, maxBytes: 9 }, NOW), ['a', 'd', 'b', 'c']);
    assert.deepEqual(picturesToDelete(pictures, { maxAgeMs: null, maxBytes: 40 }, NOW), []);
  });

  it('applies both limits: age first, then size among the rest', () => {
    assert.deepEqual(picturesToDelete(pictures, { maxAgeMs: 35 * DAY, maxBytes: 10 }, NOW), ['a', 'd', 'b']);
  });

  it('keeps everything without limits, and drops everything when all are too old', () => {
    assert.deepEqual(picturesToDelete(pictures, { maxAgeMs: null, maxBytes: null }, NOW), []);
    assert.deepEqual(picturesToDelete(pictures, { maxAgeMs: 0.1 * DAY, maxBytes: null }, NOW), ['a', 'd', 'b', 'c']);
  });
});

class MemoryStore implements PictureStore {
  failOn = new Set<string>();
  constructor(public pictures: StoredPicture[]) {}
  async list() {
    return [...this.pictures];
  }
  async remove(path: string) {
    if (this.failOn.has(path)) throw new Error('EACCES: permission denied');
    this.pictures = this.pictures.filter((p) => p.path !== path);
  }
}

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { ...silentLogger, warnings, warn: (message: string) => void warnings.push(message) };
}

describe('SnapshotRetention', () => {
  it('deletes what the policy drops and goes on past a picture it cannot delete', async () => {
    const store = new MemoryStore([picture('old-1', 10), picture('old-2', 9), picture('new', 1)]);
    store.failOn.add('old-1');
    const logger = recordingLogger();
    const retention = new SnapshotRetention(store, { policy: { maxAgeMs: 7 * DAY, maxBytes: null }, everyMs: 60_000, logger, now: () => NOW });
    assert.equal(await retention.sweep(), 1);
    assert.deepEqual(store.pictures.map((p) => p.path), ['old-1', 'new']);
    assert.deepEqual(logger.warnings, ['old plate picture not deleted']);
  });

  it('survives a store it cannot list, and sweeps on start', async () => {
    const logger = recordingLogger();
    const store: PictureStore = { list: () => Promise.reject(new Error('EIO')), remove: () => Promise.resolve() };
    const retention = new SnapshotRetention(store, { policy: { maxAgeMs: DAY, maxBytes: null }, everyMs: 60_000, logger });
    retention.start();
    await retention.stop();
    assert.deepEqual(logger.warnings, ['plate pictures not swept; trying again later']);
  });
});

describe('folderPictureStore', () => {
  it('lists and removes only the folder\'s pictures, and holds none before the folder exists', async () => {
    const root = await mkdtemp(join(tmpdir(), 'lpr-retention-'));
    try {
      const dir = join(root, 'snapshots');
      const store = folderPictureStore(dir);
      assert.deepEqual(await store.list(), []);
      await mkdir(join(dir, 'sub.jpg'), { recursive: true });
      await writeFile(join(dir, 'gate_1.jpg'), Buffer.alloc(300));
      await writeFile(join(dir, 'gate_2.jpg'), Buffer.alloc(200));
      await writeFile(join(dir, 'notes.txt'), 'not a picture');
      const old = new Date(NOW - 60 * DAY);
      await utimes(join(dir, 'gate_1.jpg'), old, old);
      const retention = new SnapshotRetention(store, { policy: { maxAgeMs: 30 * DAY, maxBytes: null }, everyMs: 60_000, logger: silentLogger });
      assert.equal(await retention.sweep(), 1);
      assert.deepEqual((await readdir(dir)).sort(), ['gate_2.jpg', 'notes.txt', 'sub.jpg']);
      await store.remove(join(dir, 'gate_1.jpg')); // already gone: not an error
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
