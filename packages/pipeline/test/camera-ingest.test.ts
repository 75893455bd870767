import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CropJob, Frame, ScoredBox } from '@lpr/core';
import type { CropQueue } from '@lpr/queue';
import type { TrackSummary } from '@lpr/track';
import { CameraIngest } from '../src/index.js';

const frame = (index: number): Frame => ({ index, timestampMs: index * 100, width: 320, height: 240, data: new Uint8Array(320 * 240 * 3) });
const plate = (x: number, y = 100): ScoredBox => ({ x, y, w: 60, h: 20, score: 10 });

/** Boxes scripted per detect call: the n-th call is the n-th frame, whether or not an ROI crops it. */
function scriptedDetector(script: Record<number, ScoredBox[]>) {
  let call = 0;
  return { detect: () => script[call++] ?? [] };
}

function recordingQueue() {
  const jobs: CropJob[] = [];
  const queue: CropQueue = {
    add: async (job) => void jobs.push(job),
    onResult: () => {},
    drain: async () => {},
    close: async () => {},
  };
  return { queue, jobs };
}

function recordingObserver() {
  const queued: number[] = [];
  const ended: TrackSummary[] = [];
  return { queued, ended, observer: { cropQueued: (_: string, t: number) => void queued.push(t), trackEnded: (_: string, s: TrackSummary) => void ended.push(s) } };
}

describe('CameraIngest', () => {
  it('holds a new track\'s crops until it is confirmed, then sends them all, padded', async () => {
    const { queue, jobs } = recordingQueue();
    const obs = recordingObserver();
    const ingest = new CameraIngest(scriptedDetector({ 0: [plate(10)], 1: [plate(20)], 2: [plate(30)] }), queue, obs.observer, {
      camera: 'cam',
      cropPadding: [0.1, 0.5],
      maxReadsPerTrack: 10,
      minHits: 2,
    });
    await ingest.processFrame(frame(0));
    assert.equal(jobs.length, 0);
    await ingest.processFrame(frame(1));
    assert.deepEqual(jobs.map((j) => j.frameIndex), [0, 1]);
    await ingest.processFrame(frame(2));
    assert.equal(jobs.length, 3);
    assert.deepEqual({ w: jobs[0]!.image.width, h: jobs[0]!.image.height }, { w: 72, h: 40 });
    assert.deepEqual(obs.queued, [1, 1, 1]);
    ingest.finish();
    assert.deepEqual(obs.ended.map((s) => s.track), [1]);
    assert.deepEqual(ingest.stats, { frames: 3, detections: 3, cropsQueued: 3, tracksStarted: 1, tracksConfirmed: 1 });
  });

  it('never sends or reports a detection seen in one frame only', async () => {
    const { queue, jobs } = recordingQueue();
    const obs = recordingObserver();
    const ingest = new CameraIngest(scriptedDetector({ 0: [plate(10)], 5: [plate(200, 10)] }), queue, obs.observer, {
      camera: 'cam',
      cropPadding: [0, 0],
      maxReadsPerTrack: 10,
    });
    for (let i = 0; i < 8; i++) await ingest.processFrame(frame(i));
    ingest.finish();
    assert.equal(jobs.length, 0);
    assert.deepEqual(obs.ended, []);
  });

  it('caps crops per track and shifts ROI detections into frame coordinates', async () => {
    const { queue, jobs } = recordingQueue();
    const obs = recordingObserver();
    const boxes = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [i, [plate(5 + i * 2, 5)]]));
    const ingest = new CameraIngest(scriptedDetector(boxes), queue, obs.observer, {
      camera: 'cam',
      cropPadding: [0, 0],
      maxReadsPerTrack: 3,
      minHits: 1,
      roi: { x: 100, y: 50, w: 200, h: 100 },
    });
    for (let i = 0; i < 6; i++) await ingest.processFrame(frame(i));
    assert.equal(jobs.length, 3);
    assert.deepEqual(jobs[0]!.box, { x: 105, y: 55, w: 60, h: 20, score: 10 });
  });
});
