import { performance } from 'node:perf_hooks';
import { PassThrough } from 'node:stream';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import ffmpeg from 'fluent-ffmpeg';
import { LprError, type Frame } from '@lpr/core';
import { explainFfmpegFailure, inputLabel } from './ffmpeg-errors.js';

/** Decoded frames of one video file or live stream. Iterate once; always `close()` (breaking out of `for await` does). */
export interface FrameSource extends AsyncIterable<Frame> {
  /** Size of the delivered frames, after rotation metadata and `maxWidth` were applied. */
  readonly width: number;
  readonly height: number;
  /**
   * Frame rate of the delivered frames: the `fps` option when given, else the stream's rate as ffmpeg reports it
   * (0 when a live stream does not announce one).
   */
  readonly fps: number;
  /** Frames of a live stream discarded because the consumer fell behind; always 0 for files, which wait instead. */
  readonly droppedFrames: number;
  /** Stop decoding: kills ffmpeg and resolves once it has exited. Safe to call more than once. */
  close(): Promise<void>;
}

export interface FrameSourceOptions {
  /** Deliver this many frames per second of media (ffmpeg's fps filter); default: every frame. */
  fps?: number;
  /** Downscale frames wider than this (aspect kept); default: full size. */
  maxWidth?: number;
  /** RTSP transport; TCP by default since UDP loses packets (smeared frames) on busy networks. */
  rtspTransport?: 'tcp' | 'udp';
  /** An RTSP socket that stays silent this long fails the source, so a dead camera is reported in seconds. */
  socketTimeoutMs?: number;
  /** Frames of a live stream held for a slow consumer; beyond this the oldest is dropped (see droppedFrames). */
  liveQueueFrames?: number;
}

const DEFAULT_SOCKET_TIMEOUT_MS = 5000;
const DEFAULT_LIVE_QUEUE_FRAMES = 2;
/** Decoded frames a file source keeps ahead of its consumer; then the pipe fills and ffmpeg blocks. */
const FILE_READ_AHEAD_FRAMES = 2;
/** Text-mode art decoders: this ffmpeg renders any .txt/.nfo/.bin file through them, which is never a video. */
const TEXT_ART_CODECS = new Set(['ansi', 'bintext', 'xbin', 'idf']);

/** Inputs decoded in real time from the network: they drop frames for a slow consumer instead of waiting. */
export function isLiveInput(input: string): boolean {
  return /^rtsps?:\/\//i.test(input);
}

export interface StreamGeometry {
  width: number;
  height: number;
  /** 0 when ffmpeg printed no frame rate. */
  fps: number;
}

/**
 * Parse ffmpeg's description of a video stream, e.g.
 * `Stream #0:0: Video: rawvideo (RGB[24] / 0x18424752), rgb24, 160x120 [SAR 1:1 DAR 4:3], q=2-31, 4608 kb/s, 10 fps, 10 tbn, 10 tbc`.
 */
export function parseVideoStreamLine(line: string): StreamGeometry | null {
  if (!/Stream #\d+:\d+.*: Video: /.test(line)) return null;
  const size = /, (\d+)x(\d+)[ ,]/.exec(line);
  if (!size) return null;
  const rate = /, ([\d.]+)(k?) fps/.exec(line);
  const fps = rate ? exactFrameRate(Number(rate[1]) * (rate[2] ? 1000 : 1)) : 0;
  return { width: Number(size[1]), height: Number(size[2]), fps };
}

/**
 * ffmpeg prints rates with two decimals; NTSC rates (24000/1001, 30000/1001, 60000/1001) are snapped back to the
 * exact fraction, or timestamps computed as index / fps would drift by up to 0.6 s per hour.
 */
export function exactFrameRate(shown: number): number {
  const ntscBase = Math.round(shown * 1.001);
  const ntsc = (ntscBase * 1000) / 1001;
  const isNtsc = Math.abs(ntsc - shown) < 0.006 && Math.abs(ntscBase - shown) > 0.006;
  return isNtsc ? ntsc : shown;
}

/**
 * Open a video file or an `rtsp://` URL and decode it with the bundled ffmpeg into RGB frames.
 * Resolves once ffmpeg has decoded the first frame (so width/height/fps are known); rejects with an LprError that
 * names the input (credentials redacted) when it cannot be opened.
 *
 * Timestamps: for files, media time = frame index / fps (the output is forced to a constant rate, so this is
 * exact); for live streams, wall-clock milliseconds since the first frame arrived, because camera clocks are often
 * wrong or reset on reconnect. The frames ffmpeg buffers while probing a live stream (about a second) arrive in one
 * burst with near-equal timestamps. Frame indices of a live stream count dropped frames too, so gaps show drops.
 */
export async function openFrameSource(input: string, options: FrameSourceOptions = {}): Promise<FrameSource> {
  const source = new FfmpegFrameSource(input, options);
  await source.opened;
  return source;
}

class FfmpegFrameSource implements FrameSource {
  width = 0;
  height = 0;
  fps = 0;
  droppedFrames = 0;
  /** Settles when the first frame's geometry is known or when ffmpeg fails before that. */
  readonly opened: Promise<void>;

  private readonly live: boolean;
  private readonly label: string;
  private readonly command: ffmpeg.FfmpegCommand;
  private readonly output = new PassThrough();
  /** Settles when the ffmpeg process has exited (or could not start): the result of the process, if it failed. */
  private readonly exited: Promise<LprError | null>;
  private readonly startedAt = performance.now();
  private readonly liveQueueFrames: number;

  private readonly frames: Frame[] = [];
  private waiter: { resolve(result: IteratorResult<Frame>): void; reject(error: Error): void } | null = null;
  /** Set once no more frames will come: undefined while running, null at a clean end, else the failure. */
  private outcome: LprError | null | undefined;
  private closed = false;

  private frameBytes = 0;
  private partial = new Uint8Array(0);
  private partialFilled = 0;
  private decodedFrames = 0;
  private firstFrameAt = 0;

  constructor(input: string, options: FrameSourceOptions) {
    if (options.fps !== undefined && !(options.fps > 0)) throw new RangeError(`fps must be positive (got ${options.fps})`);
    if (options.maxWidth !== undefined && !(options.maxWidth >= 2)) {
      throw new RangeError(`maxWidth must be at least 2 pixels (got ${options.maxWidth})`);
    }
    this.live = isLiveInput(input);
    this.label = inputLabel(input, this.live);
    this.liveQueueFrames = Math.max(1, options.liveQueueFrames ?? DEFAULT_LIVE_QUEUE_FRAMES);
    const socketTimeoutMs = options.socketTimeoutMs ?? DEFAULT_SOCKET_TIMEOUT_MS;

    // -nostdin: ffmpeg would otherwise read commands from our stdin; -nostats: no progress lines to parse.
    const inputOptions = ['-nostdin', '-nostats'];
    if (this.live) {
      // This 2018 build's RTSP `-timeout` is the *listen* timeout (it turns ffmpeg into a server);
      // `-stimeout` (microseconds) is the socket I/O timeout we want.
      inputOptions.push('-rtsp_transport', options.rtspTransport ?? 'tcp', '-stimeout', String(socketTimeoutMs * 1000));
    }
    const filters: string[] = [];
    if (options.fps !== undefined) filters.push(`fps=fps=${options.fps}`);
    if (options.maxWidth !== undefined) filters.push(`scale=w='min(iw,${Math.floor(options.maxWidth)})':h=-1`);

    this.command = ffmpeg({ stdoutLines: 40 })
      .setFfmpegPath(ffmpegInstaller.path)
      .input(input)
      .inputOptions(inputOptions)
      // Files: constant rate, so that index / fps is the media time. Live: pass frames as they come, since filling
      // gaps with duplicates would only add work for a consumer that is already dropping frames.
      .outputOptions(['-map', '0:v:0', '-an', '-sn', '-dn', '-vsync', this.live ? 'passthrough' : 'cfr'])
      .outputOptions(['-f', 'rawvideo', '-pix_fmt', 'rgb24']);
    if (filters.length > 0) this.command.videoFilters(filters);

    let resolveOpened!: () => void;
    let rejectOpened!: (error: LprError) => void;
    this.opened = new Promise<void>((resolve, reject) => {
      resolveOpened = resolve;
      rejectOpened = reject;
    });
    let openSettled = false;
    const failOpen = (error: LprError) => {
      if (openSettled) return;
      openSettled = true;
      rejectOpened(error);
    };

    let inOutputSection = false;
    this.command.on('stderr', (line: string) => {
      if (openSettled) return;
      // The output stream's description (printed before its first frame) is the only place that reflects
      // autorotation, the fps filter and scaling; the input's codecData does not.
      if (/^Output #0/.test(line)) inOutputSection = true;
      const geometry = inOutputSection ? parseVideoStreamLine(line) : null;
      if (!geometry) return;
      openSettled = true;
      this.width = geometry.width;
      this.height = geometry.height;
      this.fps = options.fps ?? geometry.fps;
      this.startReading();
      resolveOpened();
    });
    this.command.on('codecData', (data: { video: string }) => {
      if (TEXT_ART_CODECS.has(data.video)) {
        failOpen(new LprError(`${this.label} is not a video ffmpeg can decode (it is text, which ffmpeg renders as ANSI art)`));
        this.command.kill('SIGKILL');
      }
    });
    this.command.on('start', () => {
      if (this.closed) this.command.kill('SIGKILL');
    });

    this.exited = new Promise<LprError | null>((resolve) => {
      this.command.on('end', () => resolve(null));
      this.command.on('error', (err: Error, _stdout: string | null, stderr: string | null) => {
        const lines = stderr ? stderr.split('\n') : [err.message];
        const message = explainFfmpegFailure({
          input,
          live: this.live,
          stderr: lines,
          elapsedMs: performance.now() - this.startedAt,
          socketTimeoutMs,
          opened: this.frameBytes > 0,
        });
        resolve(new LprError(message, { cause: err }));
      });
    });
    void this.exited.then((failure) => {
      if (this.closed) failOpen(new LprError(`${this.label} was closed before its first frame`));
      else failOpen(failure ?? new LprError(`${this.label} contains no video frames`));
    });

    this.output.on('end', () => {
      void this.exited.then((failure) => this.finish(this.closed ? null : failure));
    });
    this.command.pipe(this.output, { end: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<Frame> {
    return {
      next: () => this.next(),
      return: async () => {
        await this.close();
        return { done: true, value: undefined };
      },
    };
  }

  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      // Before the process has spawned this is a no-op, and the 'start' handler kills it instead.
      this.command.kill('SIGKILL');
      this.frames.length = 0;
      this.finish(null);
    }
    await this.exited;
  }

  private next(): Promise<IteratorResult<Frame>> {
    const frame = this.frames.shift();
    if (frame) {
      if (!this.live && this.frames.length < FILE_READ_AHEAD_FRAMES) this.output.resume();
      return Promise.resolve({ done: false, value: frame });
    }
    if (this.outcome === null) return Promise.resolve({ done: true, value: undefined });
    if (this.outcome) return Promise.reject(this.outcome);
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  private startReading(): void {
    this.frameBytes = this.width * this.height * 3;
    this.partial = new Uint8Array(this.frameBytes);
    this.output.on('data', (chunk: Buffer) => this.consume(chunk));
  }

  /** Cut the raw byte stream into frames (chunk boundaries fall anywhere). */
  private consume(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(this.frameBytes - this.partialFilled, chunk.length - offset);
      this.partial.set(chunk.subarray(offset, offset + take), this.partialFilled);
      this.partialFilled += take;
      offset += take;
      if (this.partialFilled === this.frameBytes) {
        this.deliver(this.partial);
        this.partial = new Uint8Array(this.frameBytes);
        this.partialFilled = 0;
      }
    }
  }

  private deliver(data: Uint8Array): void {
    if (this.closed) return;
    const index = this.decodedFrames++;
    const now = performance.now();
    if (index === 0) this.firstFrameAt = now;
    const timestampMs = this.live ? now - this.firstFrameAt : (index * 1000) / this.fps;
    const frame: Frame = { index, timestampMs, width: this.width, height: this.height, data };
    if (this.waiter) {
      const { resolve } = this.waiter;
      this.waiter = null;
      resolve({ done: false, value: frame });
      return;
    }
    this.frames.push(frame);
    if (this.live) {
      // A live stream cannot wait for us: keep the newest frames and count what we skip.
      while (this.frames.length > this.liveQueueFrames) {
        this.frames.shift();
        this.droppedFrames++;
      }
    } else if (this.frames.length >= FILE_READ_AHEAD_FRAMES) {
      this.output.pause();
    }
  }

  private finish(failure: LprError | null): void {
    if (this.outcome !== undefined) return;
    this.outcome = failure;
    if (!this.waiter) return;
    const { resolve, reject } = this.waiter;
    this.waiter = null;
    if (failure) reject(failure);
    else resolve({ done: true, value: undefined });
  }
}
