import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger, type Logger, type PlateEvent, type RgbImage } from '@lpr/core';
import { MemorySink } from '@lpr/events';
import { SnapshotSink, TrackSnapshots } from '../src/index.js';

const event = (track: number): PlateEvent => ({
  type: 'plate',
  id: `gate:17:${track}`,
  plate: '苏A0X3B2',
  formatted: '苏A·0X3B2',
  template: 'standard',
  confidence: 0.9,
  country: 'cn',
  camera: 'gate',
  track,
  firstSeenMs: 0,
  lastSeenMs: 1000,
  reads: 3,
  candidates: [],
  box: { x: 10, y: 10, w: 90, h: 30 },
});
const view: RgbImage = { width: 100, height: 36, data: new Uint8Array(100 * 36 * 3) };

function setup(write: (image: RgbImage, path: string) => Promise<void>, logger: Logger = silentLogger) {
  const inner = new MemorySink();
  const snapshots = new TrackSnapshots();
  snapshots.offer('gate', 1, { x: 10, y: 10, w: 90, h: 30 }, () => view);
  return { inner, sink: new SnapshotSink(inner, snapshots, { dir: '/pictures', write, logger }) };
}

describe('SnapshotSink', () => {
  it("writes the track's picture as <event id>.jpg and names it in the event", async () => {
    const written: [RgbImage, string][] = [];
    const { inner, sink } = setup(async (image, path) => void written.push([image, path]));
    await sink.publish(event(1));
    assert.deepEqual(written, [[view, '/pictures/gate_17_1.jpg']]);
    assert.equal(inner.events[0]!.snapshot, '/pictures/gate_17_1.jpg');
  });

  it('publishes the event without a picture when none was kept or it cannot be written', async () => {
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (message: string) => void warnings.push(message) };
    const { inner, sink } = setup(async () => {
      throw new Error('ENOSPC: no space left on device');
    }, logger);
    await sink.publish(event(2)); // no view kept for track 2
    await sink.publish(event(1));
    assert.deepEqual(inner.events.map((e) => [e.track, e.snapshot]), [[2, undefined], [1, undefined]]);
    assert.equal(warnings.length, 1);
  });
});
