/**
 * Distributed mode end to end without models: a looping RTSP stream (a white box crossing the picture every 3 s,
 * found by a brightness "detector"), an ingest worker and a recognizer worker over real Redis, events on the Redis
 * stream. Covers: events arrive; the RTSP server and Redis restarting are both recovered from without help; RTSP
 * credentials never reach logs or events.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createLogger, type PlateEvent, type PlateRead, type RgbImage } from '@lpr/core';
import { IngestWorker } from '@lpr/cameras';
import { openFrameSource } from '@lpr/decode';
import { LprMetrics } from '@lpr/metrics';
import { BullmqRecognizerWorker } from '@lpr/queue';
import type { Redis } from 'ioredis';
import { repoRoot } from '../fixtures/fixture-video.js';
import { TestRedisServer, deletePrefix, freePort, redisUnavailable, testRedis, uniquePrefix } from '../helpers/redis.js';
import { TestRtspServer, rtspServerUnavailable } from '../helpers/rtsp.js';
import { BrightBoxDetector, boxVideoLoopMs, makeBoxVideo } from '../helpers/rtsp-synthetic-video.js';

const skip = (await redisUnavailable()) || rtspServerUnavailable();
const password = 'pa55-not-for-logs';
const eventSchema = JSON.parse(readFileSync(`${repoRoot}/schemas/plate-event.schema.json`, 'utf8')) as {
  required: string[];
  properties: Record<string, { type?: string | string[] }>;
};

/** Reads every crop as the same plate, so that each box crossing becomes one event. */
const constantReader = {
  async recognize(images: RgbImage[]): Promise<PlateRead[]> {
    return images.map(() => ({ plate: 'BOX123', confidence: 0.9, candidates: [{ plate: 'BOX123', score: 0.9 }], template: null }));
  },
};

/** An ingest worker and a recognizer worker on one Redis, in this process, with logs captured. */
class Deployment {
  readonly logs: string[] = [];
  readonly metrics = new LprMetrics();
  readonly ingest: IngestWorker;
  readonly recognizer: BullmqRecognizerWorker;
  private readonly connections: Redis[];

  constructor(
    readonly redisUrl: string,
    readonly prefix: string,
    rtspUrl: string,
  ) {
    const logger = createLogger({ format: 'json', level: 'debug', write: (line) => this.logs.push(line) });
    const [ingestRedis, recognizerRedis] = (this.connections = [testRedis(redisUrl), testRedis(redisUrl)]);
    this.recognizer = new BullmqRecognizerWorker(constantReader, recognizerRedis!, { prefix, maxBatch: 8, maxWaitMs: 5, logger });
    this.ingest = new IngestWorker(ingestRedis!, {
      prefix,
      workerId: 'ingest-1',
      cameras: async () => [{ id: 'cam-a', url: rtspUrl }],
      leaseMs: 3000,
      maxPending: 64,
      cropFormat: 'png',
      eventMaxLen: 1000,
      openStream: (c) => openFrameSource(c.url, { socketTimeoutMs: 2000 }),
      detector: new BrightBoxDetector(),
      assembler: { country: 'test', rank: () => 0, describe: (plate) => ({ template: null, formatted: plate }) },
      ingest: { cropPadding: [0.1, 0.2], maxReadsPerTrack: 6, tracker: { maxIdleMs: 500 } },
      stream: { stallTimeoutMs: 3000, minBackoffMs: 200, maxBackoffMs: 1000 },
      stopTimeoutMs: 5000,
      logger,
      metrics: this.metrics,
    });
  }

  start(): void {
    void this.recognizer.run();
    this.ingest.start();
  }

  async stop(): Promise<void> {
    await this.ingest.stop(10_000);
    await this.recognizer.close(2000);
    for (const c of this.connections) c.disconnect();
  }
}

async function events(redis: Redis, prefix: string): Promise<PlateEvent[]> {
  const entries = await redis.xrange(`${prefix}:events`, '-', '+');
  return entries.map(([, fields]) => JSON.parse(fields[fields.indexOf('event') + 1]!) as PlateEvent);
}

/** Wait until the stream holds `count` events for which `where` holds. */
async function waitForEvents(redis: Redis, prefix: string, count: number, timeoutMs: number, where: (e: PlateEvent) => boolean = () => true) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await events(redis, prefix)).filter(where);
    if (found.length >= count) return found;
    if (Date.now() > deadline) throw new Error(`${found.length} of ${count} events within ${timeoutMs} ms: ${JSON.stringify(found)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function counter(metrics: LprMetrics, name: string): Promise<number> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  return (metric?.values ?? []).reduce((sum, v) => sum + Number(v.value), 0);
}

describe('distributed mode over RTSP and Redis (no models)', { skip, timeout: 120_000 }, () => {
  let rtsp: TestRtspServer;

  before(async () => {
    rtsp = new TestRtspServer(makeBoxVideo(), { port: await freePort(), credentials: { user: 'operator', password } });
    await rtsp.start();
  });

  after(async () => {
    await rtsp?.stop();
  });

  it('publishes one event per vehicle of a camera stream, then recovers from an RTSP server restart', async () => {
    const redis = testRedis();
    const prefix = uniquePrefix('pipeline');
    const deployment = new Deployment(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix, rtsp.url);
    try {
      deployment.start();
      // ffmpeg buffers the first seconds of a live stream while it probes it, then delivers them in a burst with
      // arrival times for timestamps: crossings in that burst look squeezed, so timing is checked after it.
      const afterOpening = (e: PlateEvent) => e.firstSeenMs > 4000;
      const first = await waitForEvents(redis, prefix, 2, 25_000, afterOpening);
      for (const e of first) {
        assert.equal(e.plate, 'BOX123');
        assert.equal(e.camera, 'cam-a');
        assert.match(e.id, /^cam-a:\d+:\d+$/, 'ids hold the camera session epoch');
        for (const field of eventSchema.required) assert.ok(field in e, `event lacks required field ${field}`);
        assert.ok(e.reads >= 2 && e.lastSeenMs > e.firstSeenMs, JSON.stringify(e));
      }
      const gap = first[1]!.firstSeenMs - first[0]!.firstSeenMs;
      assert.ok(Math.abs(gap - boxVideoLoopMs) < 1000, `one vehicle every ${boxVideoLoopMs} ms, got a gap of ${gap} ms`);

      await rtsp.stop();
      await new Promise((r) => setTimeout(r, 1500));
      await rtsp.start();
      const before = (await events(redis, prefix)).length;
      const all = await waitForEvents(redis, prefix, before + 2, 30_000);
      assert.ok((await counter(deployment.metrics, 'lpr_stream_reconnects_total')) >= 1, 'the stream was reconnected');
      assert.equal(new Set(all.map((e) => e.id)).size, all.length, 'event ids are unique');
      const text = deployment.logs.join('\n') + JSON.stringify(all);
      assert.ok(!text.includes(password), 'the RTSP password appears in logs or events');
      assert.match(text, /rtsp:\/\/\*\*\*@127\.0\.0\.1/, 'connection errors name the camera URL, redacted');
    } finally {
      await deployment.stop();
      await deletePrefix(redis, prefix);
      redis.disconnect();
    }
  });

  it('keeps publishing after Redis restarts and loses everything it held', async () => {
    const server = new TestRedisServer(await freePort());
    await server.start();
    const redis = testRedis(server.url);
    const deployment = new Deployment(server.url, uniquePrefix('redis-restart'), rtsp.url);
    try {
      deployment.start();
      await waitForEvents(redis, deployment.prefix, 1, 20_000);
      await server.stop();
      await new Promise((r) => setTimeout(r, 1000));
      await server.start();
      // The stream died with Redis: these events were all published after the restart.
      const after = await waitForEvents(redis, deployment.prefix, 2, 30_000);
      assert.ok(after.every((e) => e.plate === 'BOX123'));
      const lease = await redis.get(`${deployment.prefix}:camera-lease:cam-a`);
      assert.equal(lease, 'ingest-1', 'the worker took its camera lease back');
    } finally {
      await deployment.stop();
      redis.disconnect();
      await server.stop();
    }
  });
});
