import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import { LprError, type Frame } from '@lpr/core';
import { openFrameSource, type FrameSource } from '../src/index.js';
import { exactFrameRate, parseVideoStreamLine } from '../src/ffmpeg-frame-source.js';

const run = promisify(execFile);
let dir = '';
let video = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lpr-decode-'));
  video = join(dir, 'testsrc.mp4');
  // 10 frames of 160x120 at 10 fps.
  await run(ffmpegInstaller.path, [
    '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-t', '1',
    '-pix_fmt', 'yuv420p', video,
  ]);
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect(source: FrameSource): Promise<Frame[]> {
  const frames: Frame[] = [];
  for await (const frame of source) frames.push(frame);
  return frames;
}

async function openError(input: string, options = {}): Promise<{ error: LprError; ms: number }> {
  const start = Date.now();
  const error = await openFrameSource(input, options).then(
    async (source) => {
      await source.close();
      throw new Error(`expected ${input} to fail`);
    },
    (err: unknown) => err,
  );
  assert.ok(error instanceof LprError, `expected an LprError, got ${String(error)}`);
  return { error, ms: Date.now() - start };
}

/** ffmpeg processes whose command line mentions `needle` (Linux /proc). */
async function ffmpegProcessesMentioning(needle: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes('ffmpeg') && cmdline.includes(needle)) pids.push(Number(entry));
  }
  return pids;
}

describe('openFrameSource on a file', () => {
  test('delivers every frame with its geometry and media timestamps', async () => {
    const source = await openFrameSource(video);
    assert.deepEqual([source.width, source.height, source.fps], [160, 120, 10]);
    const frames = await collect(source);
    assert.equal(frames.length, 10);
    assert.deepEqual(frames.map((f) => f.index), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(frames.map((f) => f.timestampMs), [0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    for (const frame of frames) {
      assert.equal(frame.data.length, 160 * 120 * 3);
      assert.deepEqual([frame.width, frame.height], [160, 120]);
    }
    // testsrc draws colour bars: the picture is not uniform, and it moves from frame to frame.
    assert.ok(new Set(frames[0]!.data).size > 16);
    assert.notDeepEqual(frames[0]!.data, frames[5]!.data);
    assert.equal(source.droppedFrames, 0);
  });

  test('samples frames with the fps option', async () => {
    const source = await openFrameSource(video, { fps: 4 });
    assert.equal(source.fps, 4);
    const frames = await collect(source);
    assert.deepEqual(frames.map((f) => f.timestampMs), [0, 250, 500, 750]);
  });

  test('downscales to maxWidth keeping the aspect ratio, and leaves smaller videos alone', async () => {
    const small = await openFrameSource(video, { maxWidth: 80 });
    assert.deepEqual([small.width, small.height], [80, 60]);
    const [first] = await collect(small);
    assert.equal(first!.data.length, 80 * 60 * 3);
    const full = await openFrameSource(video, { maxWidth: 1000 });
    assert.deepEqual([full.width, full.height], [160, 120]);
    await full.close();
  });

  test('a slow consumer gets every frame (the decoder waits instead of dropping)', async () => {
    const source = await openFrameSource(video);
    let count = 0;
    for await (const _frame of source) {
      count++;
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    assert.equal(count, 10);
    assert.equal(source.droppedFrames, 0);
  });

  test('breaking out of the loop kills ffmpeg', { skip: process.platform !== 'linux' && 'needs /proc' }, async () => {
    const source = await openFrameSource(video);
    for await (const _frame of source) break;
    assert.deepEqual(await ffmpegProcessesMentioning(video), []);
  });

  test('close() before reading kills ffmpeg and ends the iteration', { skip: process.platform !== 'linux' && 'needs /proc' }, async () => {
    const source = await openFrameSource(video);
    assert.notDeepEqual(await ffmpegProcessesMentioning(video), [], 'ffmpeg should be running (blocked on the pipe)');
    await source.close();
    assert.deepEqual(await ffmpegProcessesMentioning(video), []);
    assert.deepEqual(await collect(source), []);
  });
});

describe('openFrameSource errors', () => {
  test('impossible options', async () => {
    await assert.rejects(openFrameSource(video, { fps: 0 }), RangeError);
    await assert.rejects(openFrameSource(video, { maxWidth: 1 }), RangeError);
  });

  test('a missing file', async () => {
    const missing = join(dir, 'missing.mp4');
    const { error } = await openError(missing);
    assert.equal(error.message, `cannot open "${missing}": no such file`);
  });

  test('a text file is not a video (this ffmpeg would render it as ANSI art)', async () => {
    const notes = join(dir, 'notes.txt');
    await writeFile(notes, 'meeting notes\n');
    const { error } = await openError(notes);
    assert.match(error.message, /^".*notes\.txt" is not a video ffmpeg can decode \(/);
  });

  test('random bytes are not a video', async () => {
    const garbage = join(dir, 'garbage.mp4');
    await writeFile(garbage, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
    const { error } = await openError(garbage);
    assert.equal(error.message, `"${garbage}" is not a video ffmpeg can decode (Invalid data found when processing input)`);
  });

  test('an unreachable rtsp URL fails fast, without showing its credentials', async () => {
    const { error, ms } = await openError('rtsp://admin:s3cret@127.0.0.1:1/x');
    assert.equal(
      error.message,
      'cannot connect to rtsp://***@127.0.0.1:1/x: connection refused (check the URL and that the camera is reachable)',
    );
    assert.ok(ms < 5000, `took ${ms} ms`);
  });

  test('a camera that accepts the connection but never answers times out after socketTimeoutMs', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const { error, ms } = await openError(`rtsp://127.0.0.1:${port}/live`, { socketTimeoutMs: 1000 });
      assert.equal(
        error.message,
        `cannot connect to rtsp://127.0.0.1:${port}/live: no answer within 1 s (check the URL and that the camera is reachable)`,
      );
      assert.ok(ms >= 900 && ms < 4000, `took ${ms} ms`);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});

describe('stream description parsing', () => {
  test('reads size and rate from the output stream line', () => {
    const line =
      '    Stream #0:0(und): Video: rawvideo (RGB[24] / 0x18424752), rgb24, 100x76 [SAR 76:75 DAR 4:3], q=2-31, 729 kb/s, 4 fps, 4 tbn, 4 tbc (default)';
    assert.deepEqual(parseVideoStreamLine(line), { width: 100, height: 76, fps: 4 });
    assert.equal(parseVideoStreamLine('    Stream #0:1(und): Audio: aac (LC), 48000 Hz, stereo'), null);
    assert.deepEqual(parseVideoStreamLine('  Stream #0:0: Video: rawvideo, rgb24, 1920x1080, q=2-31, 90k tbn'), {
      width: 1920,
      height: 1080,
      fps: 0,
    });
  });

  test('snaps NTSC rates to their exact fraction and leaves others alone', () => {
    assert.equal(exactFrameRate(29.97), 30000 / 1001);
    assert.equal(exactFrameRate(23.98), 24000 / 1001);
    assert.equal(exactFrameRate(59.94), 60000 / 1001);
    for (const rate of [25, 30, 12.5, 10, 1, 50]) assert.equal(exactFrameRate(rate), rate);
  });
});
