import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RgbImage } from '@lpr/core';
import { TrackSnapshots } from '../src/index.js';

const picture = (width: number): RgbImage => ({ width, height: 1, data: new Uint8Array(width * 3) });
const box = (w: number) => ({ x: 0, y: 0, w, h: w / 3 });

describe('TrackSnapshots', () => {
  it("keeps each track's largest view, cutting a crop only when it is larger", () => {
    const snapshots = new TrackSnapshots();
    let cuts = 0;
    const offer = (camera: string, track: number, w: number) => snapshots.offer(camera, track, box(w), () => (cuts++, picture(w)));
    offer('a', 1, 60);
    offer('a', 1, 90);
    offer('a', 1, 75);
    offer('b', 1, 30);
    assert.equal(cuts, 3, 'the 75 px view was not cut');
    assert.equal(snapshots.take('a', 1)?.image.width, 90);
    assert.equal(snapshots.take('a', 1), undefined, 'taken once');
    assert.deepEqual(snapshots.take('b', 1)?.box, box(30), 'tracks of other cameras are apart');
  });

  it('forgets the tracks last seen larger longest ago beyond its limit', () => {
    const snapshots = new TrackSnapshots(2);
    snapshots.offer('a', 1, box(60), () => picture(60));
    snapshots.offer('a', 2, box(60), () => picture(60));
    snapshots.offer('a', 1, box(80), () => picture(80)); // track 1 is now the most recent
    snapshots.offer('a', 3, box(60), () => picture(60));
    assert.equal(snapshots.size, 2);
    assert.equal(snapshots.take('a', 2), undefined);
    assert.equal(snapshots.take('a', 1)?.image.width, 80);
    assert.ok(snapshots.take('a', 3));
  });
});
