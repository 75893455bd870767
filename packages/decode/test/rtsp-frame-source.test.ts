import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { LprError, type Frame } from '@lpr/core';
import { openFrameSource } from '../src/index.js';
import { startFakeCamera, type FakeCamera } from './fake-rtsp-camera.js';

let camera: FakeCamera;

before(async () => {
  camera = await startFakeCamera({ width: 160, height: 120, fps: 25 });
});

after(async () => {
  await camera.close();
});

/** Processes whose command line mentions `needle` (Linux /proc). */
async function processesMentioning(needle: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(needle)) pids.push(Number(entry));
  }
  return pids;
}

test('a live camera delivers frames with wall-clock timestamps', async () => {
  const source = await openFrameSource(camera.url);
  assert.deepEqual([source.width, source.height, source.fps], [160, 120, 25]);
  const frames: Frame[] = [];
  for await (const frame of source) {
    frames.push(frame);
    if (frames.length === 40) break;
  }
  assert.equal(frames[0]!.timestampMs, 0);
  assert.ok(frames.every((f, i) => i === 0 || (f.index > frames[i - 1]!.index && f.timestampMs >= frames[i - 1]!.timestampMs)));
  assert.ok(frames.every((f) => f.data.length === 160 * 120 * 3));
  // The ~1 s of frames ffmpeg buffers while probing the stream arrive in a burst; later ones follow the camera's clock.
  const span = frames[39]!.timestampMs - frames[30]!.timestampMs;
  assert.ok(span > 150 && span < 3000, `9 frames at 25 fps took ${span} ms`);
});

test('a slow consumer of a live camera loses the oldest frames, counted, instead of buffering them', async () => {
  const source = await openFrameSource(camera.url, { liveQueueFrames: 2 });
  const frames: Frame[] = [];
  for await (const frame of source) {
    frames.push(frame);
    if (frames.length === 6) break;
    await sleep(250);
  }
  assert.ok(source.droppedFrames > 0, 'nothing was dropped');
  // Every frame missing between the first and last delivered one was counted as dropped.
  const skipped = frames.at(-1)!.index - frames[0]!.index + 1 - frames.length;
  assert.equal(source.droppedFrames, skipped);
  // What is delivered is recent: at most liveQueueFrames behind.
  const gaps = frames.slice(2).map((f, i) => f.index - frames[i + 1]!.index);
  assert.ok(gaps.every((gap) => gap > 2), `index gaps ${gaps.join(',')}`);
});

test('closing a live source kills its ffmpeg', { skip: process.platform !== 'linux' && 'needs /proc' }, async () => {
  const needle = `127.0.0.1:${camera.port}/live`;
  const source = await openFrameSource(camera.url);
  assert.equal((await processesMentioning(needle)).length, 1);
  await source.close();
  assert.deepEqual(await processesMentioning(needle), []);
});

test('wrong camera credentials: an authentication error that does not show them', async () => {
  const guarded = await startFakeCamera({ credentials: { user: 'admin', password: 'right-pw' } });
  try {
    const wrong = guarded.url.replace('right-pw', 'wrong-pw');
    const error = await openFrameSource(wrong).then(
      (source) => source.close().then(() => assert.fail('opened with a wrong password')),
      (err: unknown) => err,
    );
    assert.ok(error instanceof LprError);
    assert.equal(
      error.message,
      `cannot connect to rtsp://***@127.0.0.1:${guarded.port}/live: authentication failed (check the user name and password)`,
    );
    const source = await openFrameSource(guarded.url);
    assert.equal(source.width, 160);
    await source.close();
  } finally {
    await guarded.close();
  }
});
