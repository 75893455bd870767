/**
 * Camera ownership across ingest workers with leases in Redis: cameras spread evenly over the live workers, move
 * when a worker dies, and come back at once when one stops gracefully.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, describe, it } from 'node:test';
import { CameraLeases, CameraRegistry, IngestCoordinator } from '@lpr/cameras';
import { IdleCamera, cameraIds } from '../helpers/redis-ingest-worker.js';
import { deletePrefix, redisUnavailable, redisUrl, testRedis, uniquePrefix } from '../helpers/redis.js';

const skip = await redisUnavailable();
const leaseMs = 1200;

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('camera leases across ingest workers', { skip }, () => {
  const prefix = uniquePrefix('leases');
  const redis = skip ? null! : testRedis();

  after(async () => {
    if (skip) return;
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('spreads cameras over the live workers and moves a dead worker’s cameras', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/redis-ingest-worker.ts', redisUrl, prefix, 'worker-a', String(leaseMs), '4'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let ownedByA: string[] = [];
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (ownedByA = JSON.parse(d.trim().split('\n').at(-1)!) as string[]));
    await until(() => ownedByA.length === 4, 10_000, 'the only worker owns all 4 cameras');

    const b = new IngestCoordinator({
      cameras: async () => cameraIds(4),
      leases: new CameraLeases(redis, prefix, 'worker-b', leaseMs),
      startCamera: (camera) => new IdleCamera(camera),
    });
    b.start();
    await until(() => b.ownedCameras.length === 2 && ownedByA.length === 2, 10_000, 'each worker owns 2 cameras');
    assert.deepEqual([...ownedByA, ...b.ownedCameras].sort(), ['cam-1', 'cam-2', 'cam-3', 'cam-4'], 'no camera is run twice');

    child.kill('SIGKILL');
    await once(child, 'exit');
    const killedAt = Date.now();
    await until(() => b.ownedCameras.length === 4, 10_000, 'the survivor owns all 4 cameras');
    assert.ok(Date.now() - killedAt < 3 * leaseMs, `cameras moved ${Date.now() - killedAt} ms after the kill`);

    await b.stop();
    const leases = await redis.keys(`${prefix}:camera-lease:*`);
    assert.deepEqual(leases, [], 'a graceful stop hands every lease back');
  });

  it('follows the camera list: stops removed cameras, restarts changed ones', async () => {
    let cameras = cameraIds(2);
    const started: string[] = [];
    const worker = new IngestCoordinator({
      cameras: async () => cameras,
      leases: new CameraLeases(redis, prefix, 'worker-e', leaseMs),
      startCamera: (camera) => {
        started.push(`${camera.id}@${camera.fps ?? '-'}`);
        return new IdleCamera(camera);
      },
      tickMs: 100,
    });
    worker.start();
    await until(() => worker.ownedCameras.length === 2, 5000, 'the worker runs both cameras');
    cameras = [{ ...cameras[0]!, fps: 5 }];
    await until(() => started.includes('cam-1@5') && worker.ownedCameras.length === 1, 5000, 'cam-1 restarted, cam-2 stopped');
    assert.deepEqual(started.sort(), ['cam-1@-', 'cam-1@5', 'cam-2@-']);
    assert.equal(await redis.get(`${prefix}:camera-lease:cam-2`), null, 'a removed camera’s lease is handed back');
    await worker.stop();
  });

  it('keeps cameras in the Redis registry', async () => {
    const registry = new CameraRegistry(redis, prefix);
    const gate = { id: 'gate-1', url: 'rtsp://u:p@10.0.0.5/s', fps: 5, roi: { x: 0, y: 10, w: 100, h: 50 } };
    assert.equal(await registry.put(gate), true);
    assert.equal(await registry.put({ ...gate, fps: 2 }), false, 'the same id replaces the camera');
    assert.deepEqual(await registry.list(), [{ ...gate, fps: 2 }]);
    await redis.hset(`${prefix}:cameras`, 'broken', '{not json');
    assert.deepEqual((await registry.list()).map((c) => c.id), ['gate-1'], 'an entry edited into nonsense is skipped');
    assert.equal(await registry.remove('gate-1'), true);
    assert.equal(await registry.remove('gate-1'), false);
  });

  it('does not take a camera whose lease another worker holds', async () => {
    const leases = new CameraLeases(redis, prefix, 'worker-c', leaseMs);
    const other = new CameraLeases(redis, prefix, 'worker-d', leaseMs);
    assert.equal(await leases.acquire('cam-x'), true);
    assert.equal(await other.acquire('cam-x'), false);
    assert.equal(await other.renew('cam-x'), false, 'renewing a lease held by another worker fails');
    await other.release('cam-x');
    assert.equal(await redis.get(`${prefix}:camera-lease:cam-x`), 'worker-c', 'releasing a lease held by another worker does nothing');
    await redis.del(`${prefix}:camera-lease:cam-x`); // as a Redis restart without persistence would
    assert.equal(await leases.renew('cam-x'), true, 'the holder takes a vanished lease back');
  });
});
