import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CropResult } from '@lpr/core';
import { MemorySink } from '@lpr/events';
import { TrackAssembler } from '../src/index.js';

const summary = (track: number) => ({ track, firstSeenMs: 100, lastSeenMs: 900, hits: 5, bestBox: { x: 1.4, y: 2, w: 80, h: 24.6 } });
const result = (track: number, plate: string | null): CropResult => ({
  camera: 'gate',
  track,
  frameIndex: 0,
  timestampMs: 0,
  read: plate ? { plate, confidence: 0.9, candidates: [{ plate, score: 0.9 }], template: 'standard' } : null,
  ...(plate ? {} : { error: 'failed' }),
});

function assembler(sink: MemorySink) {
  return new TrackAssembler(sink, {
    country: 'cn',
    rank: (p) => (p.length === 7 ? 0 : null),
    describe: (p) => ({ template: 'standard', formatted: `${p.slice(0, 2)}·${p.slice(2)}` }),
  });
}

describe('TrackAssembler', () => {
  it('publishes one event when the track has ended and all its reads are back, in either order', async () => {
    const sink = new MemorySink();
    const a = assembler(sink);
    for (let i = 0; i < 3; i++) a.cropQueued('gate', 7);
    a.cropRecognized(result(7, '皖A12345'));
    a.trackEnded('gate', summary(7));
    await a.flush();
    assert.equal(sink.events.length, 0, 'two reads are still outstanding');
    a.cropRecognized(result(7, '皖A12345'));
    a.cropRecognized(result(7, null));
    await a.flush();
    assert.equal(sink.events.length, 1);
    assert.deepEqual(sink.events[0], {
      type: 'plate',
      id: 'gate:7',
      plate: '皖A12345',
      formatted: '皖A·12345',
      template: 'standard',
      confidence: 0.9, // mean over the two successful reads; the failed one is counted apart
      country: 'cn',
      camera: 'gate',
      track: 7,
      firstSeenMs: 100,
      lastSeenMs: 900,
      reads: 2,
      candidates: [{ plate: '皖A12345', score: 0.9 }],
      box: { x: 1, y: 2, w: 80, h: 25 },
    });
    assert.deepEqual(a.stats, { tracksEnded: 1, eventsPublished: 1, tracksWithoutPlate: 0, duplicatesSuppressed: 0, failedReads: 1 });
    assert.equal(a.openTracks, 0);
  });

  it('publishes nothing for a track whose reads do not agree', async () => {
    const sink = new MemorySink();
    const a = assembler(sink);
    a.cropQueued('gate', 1);
    a.cropQueued('gate', 1);
    a.cropRecognized(result(1, '皖A12345'));
    a.cropRecognized(result(1, '皖A12845'));
    a.trackEnded('gate', summary(1));
    await a.flush();
    assert.equal(sink.events.length, 0);
    assert.equal(a.stats.tracksWithoutPlate, 1);
    assert.equal(a.openTracks, 0);
  });

  it('publishes a vehicle once when its plate was split into two tracks, and again when it comes back later', async () => {
    const sink = new MemorySink();
    const a = assembler(sink);
    const track = (id: number, from: number, to: number) => {
      a.cropQueued('gate', id);
      a.cropQueued('gate', id);
      a.cropRecognized(result(id, '皖A12345'));
      a.cropRecognized(result(id, '皖A12345'));
      a.trackEnded('gate', { ...summary(id), firstSeenMs: from, lastSeenMs: to });
    };
    track(1, 0, 1400);
    track(2, 1300, 2300); // overlaps track 1: the same car
    track(3, 2600, 3500); // starts 300 ms after track 2's end: still the same car
    track(4, 4500, 6000); // a second later: it came back
    await a.flush();
    assert.deepEqual(sink.events.map((e) => e.track), [1, 4]);
    assert.equal(a.stats.duplicatesSuppressed, 2);
  });

  it('takes event ids from the eventId option', async () => {
    const sink = new MemorySink();
    const a = new TrackAssembler(sink, {
      country: 'cn',
      rank: () => 0,
      describe: (p) => ({ template: null, formatted: p }),
      eventId: (camera, track) => `${camera}:epoch-9:${track}`,
    });
    a.cropQueued('gate', 3);
    a.cropQueued('gate', 3);
    a.cropRecognized(result(3, '皖A12345'));
    a.cropRecognized(result(3, '皖A12345'));
    a.trackEnded('gate', summary(3));
    await a.flush();
    assert.equal(sink.events[0]!.id, 'gate:epoch-9:3');
  });
});
