import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Frame } from '@lpr/core';
import { ResilientFrameStream, backoff, type LiveFrameSource } from '../src/index.js';

/** A stream session that delivers `frames` frames 10 ms apart, then fails, ends, or goes silent. */
class ScriptedSource implements LiveFrameSource {
  droppedFrames = 0;
  closed = false;
  constructor(
    private readonly frames: number,
    private readonly then: 'fail' | 'end' | 'hang',
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<Frame> {
    for (let i = 0; i < this.frames && !this.closed; i++) {
      await new Promise((r) => setTimeout(r, 10));
      yield { index: i, timestampMs: i * 10, width: 1, height: 1, data: new Uint8Array(3) };
    }
    if (this.then === 'fail') throw new Error('connection reset by rtsp://***@cam/stream');
    if (this.then === 'hang') while (!this.closed) await new Promise((r) => setTimeout(r, 5));
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

describe('ResilientFrameStream', () => {
  it('reopens a failing, ending or stalled stream and keeps one timeline', async () => {
    const sessions = [new ScriptedSource(3, 'fail'), new ScriptedSource(3, 'end'), new ScriptedSource(3, 'hang'), new ScriptedSource(3, 'end')];
    let opened = 0;
    const stream = new ResilientFrameStream(async () => sessions[opened++]!, { camera: 'c', stallTimeoutMs: 100, minBackoffMs: 10, maxBackoffMs: 20 });
    const frames: Frame[] = [];
    for await (const frame of stream) {
      frames.push(frame);
      if (frames.length === 12) await stream.stop();
    }
    assert.equal(opened, 4);
    assert.deepEqual(frames.map((f) => f.index), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 'indices continue across sessions');
    for (let i = 1; i < frames.length; i++) {
      assert.ok(frames[i]!.timestampMs > frames[i - 1]!.timestampMs, `timestamps go forward: ${frames.map((f) => Math.round(f.timestampMs))}`);
    }
    // The stalled session (third) is detected after 100 ms without frames: a gap that large in the timeline.
    assert.ok(frames[9]!.timestampMs - frames[8]!.timestampMs >= 100);
    assert.ok(sessions.every((s) => s.closed), 'every session is closed');
  });

  it('backs off exponentially with jitter, capped', () => {
    for (let failures = 1; failures <= 10; failures++) {
      const ceiling = Math.min(1000, 100 * 2 ** (failures - 1));
      const delay = backoff(failures, 100, 1000);
      assert.ok(delay >= ceiling / 2 && delay <= ceiling, `failure ${failures}: ${delay} ms not in [${ceiling / 2}, ${ceiling}]`);
    }
  });
});
