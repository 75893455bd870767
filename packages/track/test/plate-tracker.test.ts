import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PlateTracker } from '../src/index.js';

const box = (x: number, y: number, w = 80, h = 24) => ({ x, y, w, h, score: 5 });

describe('PlateTracker', () => {
  it('keeps one id for a plate moving across frames and ends it after the idle time', () => {
    const t = new PlateTracker({ maxIdleMs: 300 });
    const ids = new Set<number>();
    for (let i = 0; i < 10; i++) {
      const u = t.update([box(100 + i * 10, 200)], i * 100);
      ids.add(u.assignments[0]!.track);
      assert.deepEqual(u.ended, []);
    }
    assert.deepEqual([...ids], [1]);
    assert.deepEqual(t.update([], 1200).ended.map((s) => s.track), []);
    const ended = t.update([], 1301).ended;
    assert.equal(ended.length, 1);
    assert.deepEqual(
      { first: ended[0]!.firstSeenMs, last: ended[0]!.lastSeenMs, hits: ended[0]!.hits },
      { first: 0, last: 900, hits: 10 },
    );
    assert.equal(t.activeTracks, 0);
  });

  it('follows a fast plate whose boxes no longer overlap, using its velocity', () => {
    const t = new PlateTracker();
    // 70 px per frame with an 80 px wide box: consecutive boxes barely overlap, predicted ones do.
    const tracks = [0, 1, 2, 3, 4].map((i) => t.update([box(i * 70, 100)], i * 100).assignments[0]!.track);
    assert.deepEqual(tracks, [1, 1, 1, 1, 1]);
  });

  it('gives two plates in the same frames separate, stable ids', () => {
    const t = new PlateTracker();
    const a = t.update([box(100, 100), box(500, 300)], 0).assignments.map((x) => x.track);
    const b = t.update([box(505, 302), box(104, 101)], 40).assignments.map((x) => x.track);
    assert.deepEqual(a, [1, 2]);
    assert.deepEqual(b, [2, 1]);
  });

  it('starts a new track for a plate far away or of a very different size', () => {
    const t = new PlateTracker();
    t.update([box(100, 100)], 0);
    assert.equal(t.update([box(600, 400)], 40).assignments[0]!.isNew, true);
    assert.equal(t.update([box(100, 100, 300, 90)], 80).assignments[0]!.isNew, true);
  });

  it('never reuses an id and reports the largest box as the best one', () => {
    const t = new PlateTracker({ maxIdleMs: 100 });
    t.update([box(0, 0, 80)], 0);
    t.update([box(2, 0, 120, 36)], 40);
    t.update([box(4, 0, 90)], 80);
    const ended = t.update([], 500).ended;
    assert.deepEqual(ended[0]!.bestBox, { x: 2, y: 0, w: 120, h: 36 });
    assert.equal(t.update([box(0, 0)], 600).assignments[0]!.track, 2);
  });

  it('finish ends every live track', () => {
    const t = new PlateTracker();
    t.update([box(0, 0), box(400, 0)], 0);
    assert.deepEqual(t.finish().map((s) => s.track).sort(), [1, 2]);
    assert.deepEqual(t.finish(), []);
  });
});

describe('PlateTracker.predictions', () => {
  it('extrapolates each live track along its motion', () => {
    const t = new PlateTracker();
    t.update([box(100, 200)], 0);
    t.update([box(110, 204)], 100);
    const [p] = t.predictions(200);
    assert.equal(p!.track, 1);
    assert.ok(Math.abs(p!.box.x - 120) < 1e-9 && Math.abs(p!.box.y - 208) < 1e-9, JSON.stringify(p));
    assert.deepEqual(new PlateTracker().predictions(0), []);
  });
});
