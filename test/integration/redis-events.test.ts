/**
 * Plate events on the Redis stream: published once per event id, never lost to a Redis outage, and read back by
 * `lpr events tail`, whose consumer groups re-deliver what a crashed consumer printed but did not acknowledge.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createLogger, type PlateEvent } from '@lpr/core';
import { RedisStreamSink } from '@lpr/events';
import { repoRoot } from '../fixtures/fixture-video.js';
import { TestRedisServer, deletePrefix, freePort, redisUnavailable, redisUrl, testRedis, uniquePrefix } from '../helpers/redis.js';

const skip = await redisUnavailable();

function plateEvent(track: number): PlateEvent {
  return {
    type: 'plate', id: `cam-1:1700000000000:${track}`, plate: `A${track}`, formatted: `A${track}`, template: null, confidence: 0.9,
    country: 'cn', camera: 'cam-1', track, firstSeenMs: 0, lastSeenMs: 100, reads: 3, candidates: [], box: { x: 1, y: 2, w: 3, h: 4 },
  };
}

/** Run `lpr events tail` until it has printed `lines` lines (or for `ms`), then stop it with SIGTERM. */
function tail(args: string[], stop: { lines: number } | { ms: number }): Promise<{ code: number | null; events: PlateEvent[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'apps/cli/bin/lpr.js'), 'events', 'tail', ...args], {
      env: { ...process.env, REDIS_URL: redisUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const lines = () => stdout.split('\n').filter(Boolean);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if ('lines' in stop && lines().length >= stop.lines) child.kill('SIGTERM');
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGTERM'), 'ms' in stop ? stop.ms : 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, events: lines().map((l) => JSON.parse(l) as PlateEvent), stderr });
    });
  });
}

describe('plate events on a Redis stream', { skip }, () => {
  const prefix = uniquePrefix('events');
  const stream = `${prefix}:events`;
  const redis = skip ? null! : testRedis();

  after(async () => {
    if (skip) return;
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('publishes an event once however often it is retried', async () => {
    const published: string[] = [];
    const sink = new RedisStreamSink(redis, { stream, onPublished: (e) => published.push(e.id) });
    await sink.publish(plateEvent(1));
    await sink.publish(plateEvent(1));
    await sink.publish(plateEvent(2));
    const entries = await redis.xrange(stream, '-', '+');
    assert.deepEqual(entries.map(([, f]) => f[f.indexOf('id') + 1]), [plateEvent(1).id, plateEvent(2).id]);
    assert.deepEqual(JSON.parse(entries[0]![1][entries[0]![1].indexOf('event') + 1]!), plateEvent(1));
    assert.deepEqual(published, [plateEvent(1).id, plateEvent(2).id]);
  });

  it('holds an event through a Redis outage and publishes it after the restart', { timeout: 30_000 }, async () => {
    const server = new TestRedisServer(await freePort());
    await server.start();
    const own = testRedis(server.url);
    const sink = new RedisStreamSink(own, { stream });
    await server.stop();
    let done = false;
    const publishing = sink.publish(plateEvent(7)).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(done, false, 'publish waits while Redis is down');
    await server.start();
    await publishing;
    assert.equal(await own.xlen(stream), 1);
    own.disconnect();
    await server.stop();
  });

  it('logs in full, at close, an event Redis never took', { timeout: 30_000 }, async () => {
    const server = new TestRedisServer(await freePort());
    await server.start();
    const own = testRedis(server.url);
    const lines: string[] = [];
    const sink = new RedisStreamSink(own, { stream, closeTimeoutMs: 300, logger: createLogger({ format: 'json', write: (l) => lines.push(l) }) });
    await server.stop();
    const publishing = sink.publish(plateEvent(9));
    await sink.close();
    own.disconnect();
    await assert.rejects(publishing, /plate event cam-1:1700000000000:9 was not published/);
    const logged = lines.map((l) => JSON.parse(l) as { level: string; event?: PlateEvent }).find((l) => l.event);
    assert.equal(logged?.level, 'error');
    assert.deepEqual(logged?.event, plateEvent(9), 'the whole event is in the log, ready to replay');
  });

  it('tails with a consumer group: prints, acknowledges, and re-delivers what a crashed consumer left', { timeout: 60_000 }, async () => {
    const first = await tail(['--prefix', prefix, '--group', 'billing', '--consumer', 'c1', '--from-start'], { lines: 2 });
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(first.events.map((e) => e.track), [1, 2]);

    // A consumer that crashes after reading an event, before acknowledging it:
    const sink = new RedisStreamSink(redis, { stream });
    await sink.publish(plateEvent(3));
    const delivered = (await redis.xreadgroup('GROUP', 'billing', 'c1', 'COUNT', 10, 'STREAMS', stream, '>')) as unknown[];
    assert.equal(delivered.length, 1);
    await sink.publish(plateEvent(4));

    const second = await tail(['--prefix', prefix, '--group', 'billing', '--consumer', 'c1'], { lines: 2 });
    assert.deepEqual(second.events.map((e) => e.track), [3, 4], 'the unacknowledged event comes first, then the new one');
    const pending = (await redis.xpending(stream, 'billing')) as [number, ...unknown[]];
    assert.equal(pending[0], 0, 'everything printed was acknowledged');

    const plain = await tail(['--prefix', prefix, '--from-start'], { lines: 4 });
    assert.deepEqual(plain.events.map((e) => e.track), [1, 2, 3, 4], 'without a group, every event is shown');
  });
});
