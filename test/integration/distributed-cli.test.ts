/**
 * Distributed mode as operators run it: `lpr recognizer` and `lpr ingest` processes with the real models, a camera
 * streaming the fixture video over RTSP (with credentials), events read back from the Redis stream. A recognizer
 * killed mid-run is replaced and the vehicles still come out; SIGTERM stops both workers cleanly.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { PlateEvent } from '@lpr/core';
import { fixtureCropsPresent, fixtureVehicles, fixtureVideoPath, makeFixtureVideo, repoRoot } from '../fixtures/fixture-video.js';
import { modelsPresent } from '../helpers/cli.js';
import { deletePrefix, freePort, redisUnavailable, redisUrl, testRedis, uniquePrefix } from '../helpers/redis.js';
import { TestRtspServer, rtspServerUnavailable } from '../helpers/rtsp.js';

const skip =
  (await redisUnavailable()) ||
  rtspServerUnavailable() ||
  (!modelsPresent('cn') && 'models/lprnet-cn.onnx, models/lprnet-cn.json or models/cascade-cn.xml absent') ||
  (!existsSync(fixtureVideoPath) && !fixtureCropsPresent() && 'fixture video absent and ../shared/data/cn/ccpd-crops not there to make it');
const password = 'cam-pass-4-tests';

class Worker {
  readonly child: ChildProcess;
  stderr = '';

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [join(repoRoot, 'apps/cli/bin/lpr.js'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, REDIS_URL: redisUrl },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child.stderr!.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
  }

  exited(): Promise<number | null> {
    if (this.child.exitCode !== null) return Promise.resolve(this.child.exitCode);
    return new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }
}

describe('lpr ingest and lpr recognizer over Redis (models)', { skip, timeout: 240_000 }, () => {
  const prefix = uniquePrefix('cli');
  const redis = skip ? null! : testRedis();
  let rtsp: TestRtspServer;

  before(async () => {
    if (!existsSync(fixtureVideoPath)) makeFixtureVideo();
    rtsp = new TestRtspServer(fixtureVideoPath, { port: await freePort(), credentials: { user: 'admin', password } });
    await rtsp.start();
  });

  after(async () => {
    await rtsp?.stop();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  /** Plates of events published after entry `since`, waiting until every fixture vehicle has been seen. */
  async function vehiclesAfter(since: string, timeoutMs: number): Promise<PlateEvent[]> {
    const wanted = new Set(fixtureVehicles.map((v) => v.plate));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const entries = await redis.xrange(`${prefix}:events`, since === '-' ? '-' : `(${since}`, '+');
      const events = entries.map(([, f]) => JSON.parse(f[f.indexOf('event') + 1]!) as PlateEvent);
      if ([...wanted].every((p) => events.some((e) => e.plate === p))) return events;
      if (Date.now() > deadline) throw new Error(`not every fixture plate within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => e.plate))}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  it('publishes the plates of a camera stream and survives a recognizer killed mid-run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lpr-cli-'));
    const cameras = join(dir, 'cameras.yaml');
    // 5 frames/s is plenty for plates crossing in 2 s, and keeps detection ahead of the stream on 2 cores.
    writeFileSync(cameras, `cameras:\n  - id: fixture\n    url: ${rtsp.url}\n    fps: 5\n`);
    const common = ['--country', 'cn', '--prefix', prefix, '--http-port', '0'];
    const recognizer = new Worker(['recognizer', ...common, '--device', 'cpu', '--lock-ms', '3000']);
    const snapshots = join(dir, 'plates');
    const ingest = new Worker(['ingest', ...common, '--cameras', cameras, '--worker-id', 'cli-test', '--snapshots', snapshots]);
    let replacement: Worker | null = null;
    try {
      const first = await vehiclesAfter('-', 60_000);
      for (const e of first) {
        assert.equal(e.camera, 'fixture');
        assert.equal(e.country, 'cn');
        assert.match(e.id, /^fixture:\d+:\d+$/);
        // The plate's picture is written before its event is published.
        assert.equal(e.snapshot, join(snapshots, `${e.id.replaceAll(':', '_')}.jpg`));
        assert.ok(existsSync(e.snapshot!), `${e.snapshot} was not written`);
      }

      recognizer.child.kill('SIGKILL');
      replacement = new Worker(['recognizer', ...common, '--device', 'cpu', '--lock-ms', '3000']);
      const [[lastId]] = (await redis.xrevrange(`${prefix}:events`, '+', '-', 'COUNT', 1)) as [[string, string[]]];
      await vehiclesAfter(lastId, 45_000);

      ingest.child.kill('SIGTERM');
      replacement.child.kill('SIGTERM');
      assert.equal(await ingest.exited(), 0, ingest.stderr.slice(-2000));
      assert.equal(await replacement.exited(), 0, replacement.stderr.slice(-2000));
      const logs = recognizer.stderr + ingest.stderr + replacement.stderr;
      assert.ok(!logs.includes(password), 'the camera password appears in the logs');
      assert.ok(ingest.stderr.split('\n').filter(Boolean).every((l) => JSON.parse(l).level), 'logs are JSON lines');
    } finally {
      for (const w of [recognizer, ingest, replacement]) if (w && w.child.exitCode === null) w.child.kill('SIGKILL');
    }
  });
});
