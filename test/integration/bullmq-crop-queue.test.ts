/**
 * Distributed crop queue against a real Redis: crops of many jobs batch together in one recognizer, each result
 * returns to the ingest worker that sent it, malformed jobs fail with a reason without stopping the worker, and
 * neither a recognizer killed mid-batch nor a Redis restart loses a crop.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, describe, it } from 'node:test';
import type { CropResult } from '@lpr/core';
import { BullmqCropQueue, BullmqRecognizerWorker, CROP_QUEUE_NAME } from '@lpr/queue';
import { Queue, QueueEvents } from 'bullmq';
import { WidthReader, cropJob } from '../helpers/redis-fake-recognizer.js';
import { TestRedisServer, deletePrefix, freePort, redisUnavailable, redisUrl, testRedis, uniquePrefix } from '../helpers/redis.js';

const skip = await redisUnavailable();

/** Results by plate read, to check that every crop came back exactly once with its own read. */
function collect(queue: BullmqCropQueue): CropResult[] {
  const results: CropResult[] = [];
  queue.onResult((r) => results.push(r));
  return results;
}

describe('BullMQ crop queue and recognizer worker', { skip }, () => {
  const prefix = uniquePrefix('queue');
  const redis = skip ? null! : testRedis();

  after(async () => {
    if (skip) return;
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('batches crops of many jobs into one recognizer run and returns each result to its sender', async () => {
    const reader = new WidthReader(30);
    const worker = new BullmqRecognizerWorker(reader, redis, { prefix, maxBatch: 16, maxWaitMs: 20 });
    void worker.run();
    const queue = new BullmqCropQueue(redis, { prefix, workerId: 'ingest-a', maxPending: 64 });
    const results = collect(queue);
    for (let i = 0; i < 48; i++) await queue.add(cropJob('cam1', i, 20 + i));
    await queue.drain();
    assert.equal(results.length, 48);
    for (const r of results) assert.equal(r.read?.plate, `W${20 + r.track}`, `track ${r.track} got ${JSON.stringify(r)}`);
    assert.ok(Math.max(...reader.batches) > 1, `crops were not batched: ${reader.batches}`);
    assert.ok(reader.batches.every((n) => n <= 16));
    await queue.close();
    await worker.close(5000);
  });

  it('fails a malformed job with its reason and keeps working', async () => {
    const worker = new BullmqRecognizerWorker(new WidthReader(), redis, { prefix, maxBatch: 4, maxWaitMs: 5 });
    void worker.run();
    const raw = new Queue(CROP_QUEUE_NAME, { connection: redis, prefix });
    const eventsConnection = testRedis();
    const events = new QueueEvents(CROP_QUEUE_NAME, { connection: eventsConnection, prefix });
    await events.waitUntilReady();
    const bad = await raw.add('crop', { v: 1, camera: 'cam1', track: 'seven' }, { attempts: 3 });
    const failed = new Promise<string>((resolve) =>
      events.on('failed', ({ jobId, failedReason }) => jobId === bad.id && resolve(failedReason)),
    );
    assert.match(await failed, /malformed crop job: track must be an integer/);
    const job = await raw.getJob(bad.id!);
    assert.equal(job?.attemptsMade, 1, 'a malformed job is not retried');

    // Well-formed, but the image is not one: the sender is answered at once with the reason.
    const replyTo = `${prefix}:replies:probe`;
    const image = { format: 'jpeg', width: 10, height: 4, base64: Buffer.from('not a jpeg').toString('base64') };
    const corrupt = { v: 1, camera: 'cam1', track: 1, frameIndex: 1, timestampMs: 0, box: { x: 0, y: 0, w: 10, h: 4 }, image, replyTo };
    await raw.add('crop', corrupt);
    let replies: Array<[string, string[]]> = [];
    // Polled: a blocking read would hold the connection the worker shares.
    while (replies.length === 0) {
      await new Promise((r) => setTimeout(r, 20));
      replies = await redis.xrange(replyTo, '-', '+');
    }
    const reply = JSON.parse(replies[0]![1][1]!) as { result: CropResult };
    assert.equal(reply.result.read, null);
    assert.match(reply.result.error!, /^crop image unreadable: /);

    const queue = new BullmqCropQueue(redis, { prefix, workerId: 'ingest-b' });
    const results = collect(queue);
    await queue.add(cropJob('cam1', 1, 33));
    await queue.drain();
    assert.equal(results[0]?.read?.plate, 'W33', 'the worker still reads crops after malformed jobs');
    await Promise.all([queue.close(), events.close(), raw.close()]);
    await worker.close(5000);
    eventsConnection.disconnect();
  });

  it('loses no crop when a recognizer is killed mid-batch', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/redis-fake-recognizer.ts', redisUrl, prefix, '400', '1500'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const queue = new BullmqCropQueue(redis, { prefix, workerId: 'ingest-c', maxPending: 100 });
    const results = collect(queue);
    for (let i = 0; i < 40; i++) await queue.add(cropJob('cam2', i, 30 + i));
    await once(child.stdout!, 'data'); // it has taken jobs and is in the middle of a batch
    child.kill('SIGKILL');
    await once(child, 'exit');
    assert.ok(results.length < 40, 'the killed worker had work left');

    const survivor = new BullmqRecognizerWorker(new WidthReader(), redis, { prefix, maxBatch: 8, maxWaitMs: 5, stalledIntervalMs: 500 });
    void survivor.run();
    await queue.drain();
    assert.deepEqual(
      results.map((r) => r.track).sort((a, b) => a - b),
      Array.from({ length: 40 }, (_, i) => i),
      'every crop has exactly one result',
    );
    assert.ok(results.every((r) => r.read?.plate === `W${30 + r.track}`));
    await queue.close();
    await survivor.close(5000);
  });

  it('recovers crops that a Redis restart (no persistence) lost', { timeout: 60_000 }, async () => {
    const server = new TestRedisServer(await freePort());
    await server.start();
    const own = testRedis(server.url);
    const queue = new BullmqCropQueue(own, { prefix, workerId: 'ingest-d' });
    const results = collect(queue);
    for (let i = 0; i < 10; i++) await queue.add(cropJob('cam3', i, 40 + i));
    // No recognizer yet: the jobs wait in Redis, and die with it.
    await server.stop();
    await server.start();
    const workerConnection = testRedis(server.url);
    const worker = new BullmqRecognizerWorker(new WidthReader(), workerConnection, { prefix, maxBatch: 4, maxWaitMs: 5 });
    void worker.run();
    await queue.drain();
    assert.equal(results.length, 10);
    assert.ok(results.every((r) => r.read?.plate === `W${40 + r.track}`), JSON.stringify(results.filter((r) => !r.read)));
    await queue.close();
    await worker.close(5000);
    own.disconnect();
    workerConnection.disconnect();
    await server.stop();
  });
});
