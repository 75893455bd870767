/**
 * Distributed mode throughput and latency over the Redis at $REDIS_URL (default redis://127.0.0.1:6379):
 *  - crops/s through the BullMQ queue and 1 or 2 recognizer worker processes, with a recognizer that does no work
 *    (the queue's own ceiling) and with LPRNet on the CPU (when models/lprnet-cn.onnx is there);
 *  - event latency, p50/p95, from the moment a track ends on the ingest side to its event being in the stream.
 * Prints markdown tables.
 *
 *   node --import tsx bench/distributed.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { silentLogger, type PlateRead, type RgbImage } from '@lpr/core';
import { RedisStreamSink } from '@lpr/events';
import { CameraIngest, TrackAssembler, loadCountrySetup, loadRecognizer, type TrackObserver } from '@lpr/pipeline';
import { BullmqCropQueue, BullmqRecognizerWorker, type BatchRecognizer } from '@lpr/queue';
import type { TrackSummary } from '@lpr/track';
import sharp from 'sharp';
import { fixtureCropsPresent, fixtureVehicles, sharedData } from '../test/fixtures/fixture-video.js';
import { modelsPresent } from '../test/helpers/cli.js';
import { deletePrefix, redisUrl, testRedis } from '../test/helpers/redis.js';
import { BrightBoxDetector } from '../test/helpers/rtsp-synthetic-video.js';

type RecognizerKind = 'noop' | 'lprnet';

/** Reads nothing: what is left is the cost of the queue, the encoding and the reply path. */
const noopReader: BatchRecognizer = {
  async recognize(images: RgbImage[]): Promise<PlateRead[]> {
    return images.map(() => ({ plate: 'A12345', confidence: 1, candidates: [{ plate: 'A12345', score: 1 }], template: null }));
  },
};

async function recognizerFor(kind: RecognizerKind): Promise<BatchRecognizer & { close?(): Promise<void> }> {
  if (kind === 'noop') return noopReader;
  const setup = await loadCountrySetup('cn');
  return loadRecognizer(setup, { decoder: 'beam', useTemplates: true, device: 'cpu', logger: silentLogger });
}

/** Child process: one recognizer worker until killed. */
async function runRecognizer(prefix: string, kind: RecognizerKind): Promise<void> {
  const worker = new BullmqRecognizerWorker(await recognizerFor(kind), testRedis(), { prefix, maxBatch: 32, maxWaitMs: 10 });
  void worker.run();
  process.stdout.write('ready\n');
}

function startRecognizers(prefix: string, kind: RecognizerKind, count: number): Promise<ChildProcess[]> {
  const script = fileURLToPath(import.meta.url);
  return Promise.all(
    Array.from({ length: count }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, 'recognizer', prefix, kind], { stdio: ['ignore', 'pipe', 'inherit'] });
      return new Promise<ChildProcess>((resolve) => child.stdout!.once('data', () => resolve(child)));
    }),
  );
}

async function stopAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(children.map((c) => new Promise((r) => (c.once('exit', r), c.kill('SIGKILL')))));
}

/** Plate crops as the detector would cut them: the fixture's real crops when there, else a plate-like pattern. */
async function sampleCrops(): Promise<RgbImage[]> {
  if (fixtureCropsPresent()) {
    return Promise.all(
      fixtureVehicles.map(async (v) => {
        const { data, info } = await sharp(`${sharedData}/cn/ccpd-crops/${v.plate}.jpg`).removeAlpha().raw().toBuffer({ resolveWithObject: true });
        return { width: info.width, height: info.height, data: new Uint8Array(data) };
      }),
    );
  }
  const width = 94;
  const height = 24;
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.fill(((i % width) / 6) % 2 < 1 ? 230 : 30, i * 3, i * 3 + 3);
  return [{ width, height, data }];
}

async function cropsPerSecond(kind: RecognizerKind, workers: number, crops: number, cameras: number): Promise<number> {
  const prefix = `lprbench-${randomBytes(4).toString('hex')}`;
  const redis = testRedis();
  const children = await startRecognizers(prefix, kind, workers);
  const images = await sampleCrops();
  const queue = new BullmqCropQueue(redis, { prefix, workerId: 'bench', maxPending: 512 });
  let done = 0;
  queue.onResult(() => done++);
  const started = performance.now();
  // Several cameras feed one ingest worker's queue at once.
  let next = 0;
  const camera = async (name: string) => {
    for (let i = next++; i < crops; i = next++) {
      const image = images[i % images.length]!;
      await queue.add({ camera: name, track: i, frameIndex: i, timestampMs: i, box: { x: 0, y: 0, w: image.width, h: image.height }, image });
    }
  };
  await Promise.all(Array.from({ length: cameras }, (_, c) => camera(`cam-${c}`)));
  await queue.drain();
  const seconds = (performance.now() - started) / 1000;
  if (done !== crops) throw new Error(`${done} results for ${crops} crops`);
  await queue.close();
  await stopAll(children);
  await deletePrefix(redis, prefix);
  redis.disconnect();
  return crops / seconds;
}

/** Synthetic live camera: a white box crosses a 320x180 picture in 0.6 s, then 0.4 s of nothing: a track a second. */
function* syntheticFrames(seconds: number, fps: number) {
  const width = 320;
  const height = 180;
  for (let index = 0; index < seconds * fps; index++) {
    const t = index / fps;
    const data = new Uint8Array(width * height * 3).fill(32);
    const phase = t % 1;
    if (phase < 0.6) {
      const x0 = Math.round(-20 + phase * 550);
      for (let y = 80; y < 96; y++) for (let x = Math.max(0, x0); x < Math.min(width, x0 + 48); x++) data.fill(255, (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
    yield { index, timestampMs: t * 1000, width, height, data };
  }
}

/** Milliseconds from each track's end (ingest side) to its event's entry in the stream (Redis' clock, same host). */
async function eventLatencies(kind: RecognizerKind, seconds: number): Promise<{ latencies: number[]; roundTrips: number[] }> {
  const prefix = `lprbench-${randomBytes(4).toString('hex')}`;
  const redis = testRedis();
  const children = await startRecognizers(prefix, kind, 1);
  const queue = new BullmqCropQueue(redis, { prefix, workerId: 'bench', maxPending: 256 });
  const sink = new RedisStreamSink(redis, { stream: `${prefix}:events` });
  const assembler = new TrackAssembler(sink, {
    country: 'bench',
    rank: () => 0,
    describe: (plate) => ({ template: null, formatted: plate }),
    vote: { minAgreeingReads: 1 },
  });
  const endedAt = new Map<number, number>();
  const observer: TrackObserver = {
    cropQueued: (camera, track) => assembler.cropQueued(camera, track),
    trackEnded: (camera, summary: TrackSummary) => {
      endedAt.set(summary.track, Date.now());
      assembler.trackEnded(camera, summary);
    },
  };
  const roundTrips: number[] = [];
  const sentAt = new Map<string, number>();
  queue.onResult((r) => {
    roundTrips.push(performance.now() - sentAt.get(`${r.track}/${r.frameIndex}`)!);
    assembler.cropRecognized(r);
  });
  const timedQueue = {
    add: (job: Parameters<typeof queue.add>[0]) => {
      sentAt.set(`${job.track}/${job.frameIndex}`, performance.now());
      return queue.add(job);
    },
    onResult: () => {},
    drain: () => queue.drain(),
    close: () => queue.close(),
  };
  const ingest = new CameraIngest(new BrightBoxDetector(), timedQueue, observer, {
    camera: 'bench',
    cropPadding: [0.1, 0.2],
    maxReadsPerTrack: 8,
    tracker: { maxIdleMs: 300 },
  });
  const fps = 10;
  const started = performance.now();
  for (const frame of syntheticFrames(seconds, fps)) {
    // Real time, as from a camera: a frame every 100 ms.
    const due = started + frame.timestampMs - performance.now();
    if (due > 0) await new Promise((r) => setTimeout(r, due));
    await ingest.processFrame(frame);
  }
  ingest.finish();
  await queue.drain();
  await assembler.flush();
  const entries = await redis.xrange(`${prefix}:events`, '-', '+');
  const latencies = entries.map(([id, fields]) => {
    const track = (JSON.parse(fields[fields.indexOf('event') + 1]!) as { track: number }).track;
    return Number(id.split('-')[0]) - endedAt.get(track)!;
  });
  await queue.close();
  await stopAll(children);
  await deletePrefix(redis, prefix);
  redis.disconnect();
  return { latencies, roundTrips };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

if (process.argv[2] === 'recognizer') {
  await runRecognizer(process.argv[3]!, process.argv[4] as RecognizerKind);
} else {
  const kinds: RecognizerKind[] = modelsPresent('cn') ? ['noop', 'lprnet'] : ['noop'];
  console.log(`Redis ${redisUrl}; crops ${fixtureCropsPresent() ? 'from the fixture (94x24 JPEG crops)' : 'synthetic 94x24'}, JPEG on the wire\n`);
  const cameras = 8;
  console.log(`| recognizer | workers | crops (from ${cameras} cameras) | crops/s |`);
  console.log('|---|---|---|---|');
  for (const kind of kinds) {
    const crops = kind === 'noop' ? 5000 : 2000;
    for (const workers of [1, 2]) {
      console.log(`| ${kind} | ${workers} | ${crops} | ${(await cropsPerSecond(kind, workers, crops, cameras)).toFixed(0)} |`);
    }
  }
  console.log('\n| recognizer | tracks | track end → event p50 ms | p95 ms | crops | crop round trip p50 ms | p95 ms |');
  console.log('|---|---|---|---|---|---|---|');
  for (const kind of kinds) {
    const { latencies, roundTrips } = await eventLatencies(kind, 30);
    console.log(
      `| ${kind} | ${latencies.length} | ${percentile(latencies, 50)} | ${percentile(latencies, 95)} | ${roundTrips.length} | ` +
        `${percentile(roundTrips, 50).toFixed(1)} | ${percentile(roundTrips, 95).toFixed(1)} |`,
    );
  }
}
