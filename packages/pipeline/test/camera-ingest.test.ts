import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CropJob, Frame, ScoredBox } from '@lpr/core';
import type { CropQueue } from '@lpr/queue';
import type { TrackSummary } from '@lpr/track';
import { CameraIngest, TrackSnapshots, defaultMotionGate, type DetectionRequest } from '../src/index.js';

const frame = (index: number): Frame => ({ index, timestampMs: index * 100, width: 320, height: 240, data: new Uint8Array(320 * 240 * 3) });
const plate = (x: number, y = 100): ScoredBox => ({ x, y, w: 60, h: 20, score: 10 });

/** Boxes scripted per frame index, in frame coordinates; records every request. */
function scriptedDetector(script: Record<number, ScoredBox[]>) {
  const requests: Array<DetectionRequest | undefined> = [];
  return {
    requests,
    detect: (image: Frame, request?: DetectionRequest) => {
      requests.push(request);
      return script[image.index] ?? [];
    },
  };
}

const everyFrame = { fullScanEvery: 1, motionGate: null };

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
      schedule: everyFrame,
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
    assert.deepEqual(ingest.stats, { frames: 3, detections: 3, cropsQueued: 3, tracksStarted: 1, tracksConfirmed: 1, fullScans: 3, motionScans: 0, trackScans: 0 });
  });

  it("keeps each track's largest view for its picture, shared with its reads' crops, and none of an earlier session's", async () => {
    const snapshots = new TrackSnapshots();
    const wide = (x: number): ScoredBox => ({ x, y: 100, w: 90, h: 30, score: 10 });
    const session = (script: Record<number, ScoredBox[]>) => {
      const { queue, jobs } = recordingQueue();
      const ingest = new CameraIngest(scriptedDetector(script), queue, recordingObserver().observer, {
        camera: 'cam',
        cropPadding: [0, 0],
        maxReadsPerTrack: 10,
        minHits: 1,
        schedule: everyFrame,
        snapshots,
      });
      return { ingest, jobs };
    };
    const first = session({ 0: [plate(10)], 1: [wide(20)], 2: [plate(30)] });
    for (const i of [0, 1, 2]) await first.ingest.processFrame(frame(i));
    const kept = snapshots.take('cam', 1)!;
    assert.deepEqual(kept.box, wide(20));
    assert.equal(kept.image, first.jobs[1]!.image, 'the read of that frame and the picture are one crop');
    // A restarted session numbers its tracks from 1 again; its track 1 never saw the wide box.
    const earlier = session({ 0: [wide(20)] });
    await earlier.ingest.processFrame(frame(0));
    const later = session({ 0: [plate(10)] });
    await later.ingest.processFrame(frame(0));
    assert.deepEqual(snapshots.take('cam', 1)?.box, plate(10));
  });

  it('never sends or reports a detection seen in one frame only', async () => {
    const { queue, jobs } = recordingQueue();
    const obs = recordingObserver();
    const ingest = new CameraIngest(scriptedDetector({ 0: [plate(10)], 5: [plate(200, 10)] }), queue, obs.observer, {
      camera: 'cam',
      cropPadding: [0, 0],
      maxReadsPerTrack: 10,
      schedule: everyFrame,
    });
    for (let i = 0; i < 8; i++) await ingest.processFrame(frame(i));
    ingest.finish();
    assert.equal(jobs.length, 0);
    assert.deepEqual(obs.ended, []);
  });

  it('caps crops per track and searches only the ROI', async () => {
    const { queue, jobs } = recordingQueue();
    const obs = recordingObserver();
    const roi = { x: 100, y: 50, w: 200, h: 100 };
    const detector = scriptedDetector(Object.fromEntries(Array.from({ length: 6 }, (_, i) => [i, [plate(105 + i * 2, 55)]])));
    const ingest = new CameraIngest(detector, queue, obs.observer, {
      camera: 'cam',
      cropPadding: [0, 0],
      maxReadsPerTrack: 3,
      minHits: 1,
      roi,
      schedule: everyFrame,
    });
    for (let i = 0; i < 6; i++) await ingest.processFrame(frame(i));
    assert.equal(jobs.length, 3);
    assert.ok(detector.requests.every((r) => r?.region === roi));
  });

  it('between full scans searches only around live tracks, and not at all without them', async () => {
    const { queue } = recordingQueue();
    const obs = recordingObserver();
    const detector = scriptedDetector({ 0: [plate(10)], 1: [plate(14)], 2: [plate(18)], 3: [plate(22)] });
    const ingest = new CameraIngest(detector, queue, obs.observer, {
      camera: 'cam',
      cropPadding: [0, 0],
      maxReadsPerTrack: 10,
      schedule: { fullScanEvery: 3, trackMargin: 0.5, trackSizeRange: 1.5, motionGate: null },
      tracker: { maxIdleMs: 50 },
    });
    for (let i = 0; i < 4; i++) await ingest.processFrame(frame(i));
    const [full, nearTrack] = [detector.requests[0]!, detector.requests[1]!];
    assert.deepEqual(full.region, { x: 0, y: 0, w: 320, h: 240 });
    assert.equal(nearTrack.minPlateWidth, 40);
    assert.ok(nearTrack.region.w < 320 && nearTrack.region.x <= 14 && nearTrack.region.x + nearTrack.region.w >= 74);
    assert.deepEqual({ full: ingest.stats.fullScans, track: ingest.stats.trackScans }, { full: 2, track: 2 });
    // The plate leaves; once its track ends, in-between frames cost no detection.
    for (let i = 4; i < 8; i++) await ingest.processFrame(frame(i));
    assert.deepEqual({ full: ingest.stats.fullScans, track: ingest.stats.trackScans }, { full: 3, track: 3 });
  });

  it('with a motion gate, searches a full-scan frame where the picture changed and around live tracks', async () => {
    const { queue } = recordingQueue();
    const obs = recordingObserver();
    const detector = scriptedDetector({ 0: [plate(10)], 1: [plate(14)] });
    const ingest = new CameraIngest(detector, queue, obs.observer, {
      camera: 'cam',
      cropPadding: [0, 0],
      maxReadsPerTrack: 10,
      schedule: { fullScanEvery: 1, motionGate: defaultMotionGate },
    });
    await ingest.processFrame(frame(0));
    await ingest.processFrame(frame(1));
    const changed = frame(2);
    changed.data.fill(255, 0, 320 * 16 * 3);
    await ingest.processFrame(changed);
    assert.deepEqual(
      detector.requests.map((r) => r?.reason),
      ['whole', 'track', 'motion', 'motion', 'motion', 'motion', 'track'],
    );
    // One motion search of the changed rows per tier of plate widths.
    const tiers = defaultMotionGate.tierSplits.length + 1;
    assert.deepEqual({ full: ingest.stats.fullScans, motion: ingest.stats.motionScans, track: ingest.stats.trackScans }, { full: 1, motion: tiers, track: 2 });
  });
});
