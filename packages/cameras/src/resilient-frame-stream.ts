import { errorMessage, silentLogger, type Frame, type Logger } from '@lpr/core';
import type { LprMetrics } from '@lpr/metrics';

/** One decoding session of a live stream, as @lpr/decode's openFrameSource returns it. */
export interface LiveFrameSource extends AsyncIterable<Frame> {
  /** Frames skipped so far because the consumer fell behind. */
  readonly droppedFrames: number;
  close(): Promise<void>;
}

export interface ResilientStreamOptions {
  camera: string;
  /** No frame for this long (opening included) means the session is stuck: close it and reconnect. */
  stallTimeoutMs: number;
  /** Reconnect delays: exponential from minBackoffMs to maxBackoffMs, with jitter; reset by a delivered frame. */
  minBackoffMs: number;
  maxBackoffMs: number;
  logger: Logger;
  metrics?: LprMetrics;
}

type EndReason = 'error' | 'ended' | 'stalled';

/**
 * A camera's frames, forever: opens the stream, and when it fails, ends or stalls, opens it again after an
 * exponential backoff with jitter (so that many cameras behind one dead switch do not reconnect in lockstep).
 * Frame indices and timestamps continue across reconnects (timestamps in milliseconds since the stream started),
 * so that the tracker sees one timeline in which an outage is just a gap.
 */
export class ResilientFrameStream implements AsyncIterable<Frame> {
  private readonly options: ResilientStreamOptions;
  private current: LiveFrameSource | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  private readonly startedAt = performance.now();
  /** Sessions opened so far (the first one included). */
  sessions = 0;

  constructor(
    private readonly open: () => Promise<LiveFrameSource>,
    options: Partial<ResilientStreamOptions> & { camera: string },
  ) {
    this.options = { stallTimeoutMs: 10_000, minBackoffMs: 500, maxBackoffMs: 30_000, logger: silentLogger, ...options };
  }

  /** End the iteration: closes the current session and cancels a pending reconnect. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.current?.close();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Frame> {
    const { camera, logger, metrics } = this.options;
    let failures = 0;
    let nextIndex = 0;
    while (!this.stopped) {
      let reason: EndReason = 'ended';
      let detail = '';
      let stalled = false;
      let delivered = 0;
      let droppedSeen = 0;
      let timer: NodeJS.Timeout | undefined;
      const armStallTimer = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          stalled = true;
          void this.current?.close();
        }, this.options.stallTimeoutMs);
      };
      try {
        this.sessions++;
        this.current = await withTimeout(this.open(), this.options.stallTimeoutMs, () => (stalled = true));
        if (this.stopped) break;
        armStallTimer();
        let offsetMs = 0;
        let indexBase = nextIndex;
        for await (const frame of this.current) {
          armStallTimer();
          if (delivered === 0) {
            // Place this session on the stream's timeline at the moment its first frame arrived.
            offsetMs = performance.now() - this.startedAt - frame.timestampMs;
            indexBase = nextIndex - frame.index;
            if (this.sessions > 1) logger.info('camera stream reconnected', { camera, session: this.sessions });
          }
          delivered++;
          failures = 0;
          nextIndex = indexBase + frame.index + 1;
          metrics?.framesDecoded.inc({ camera });
          const dropped = this.current.droppedFrames;
          if (dropped > droppedSeen) metrics?.framesDropped.inc({ camera }, dropped - droppedSeen);
          droppedSeen = dropped;
          yield { ...frame, index: indexBase + frame.index, timestampMs: offsetMs + frame.timestampMs };
          if (this.stopped) break;
        }
      } catch (err) {
        reason = 'error';
        // Messages from @lpr/decode name the input with its credentials redacted.
        detail = errorMessage(err);
      } finally {
        clearTimeout(timer);
        await this.current?.close();
        this.current = null;
      }
      if (this.stopped) break;
      if (stalled) reason = 'stalled';
      failures++;
      const delay = backoff(failures, this.options.minBackoffMs, this.options.maxBackoffMs);
      metrics?.streamReconnects.inc({ camera, reason });
      logger.warn(`camera stream ${reason === 'stalled' ? `delivered no frame for ${this.options.stallTimeoutMs} ms` : reason}; reconnecting`, {
        camera,
        reason,
        ...(detail ? { error: detail } : {}),
        framesThisSession: delivered,
        retryInMs: Math.round(delay),
      });
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
    }
  }
}

/** "Equal jitter": half the exponential delay fixed, half random. */
export function backoff(failures: number, minMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** (failures - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** Reject when opening takes longer than the stall timeout (the source, if it opens later, is closed). */
function withTimeout<T extends { close(): Promise<void> }>(opening: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`stream did not open within ${ms} ms`));
      void opening.then((source) => source.close(), () => {});
    }, ms);
    opening.then(
      (source) => {
        clearTimeout(timer);
        resolve(source);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
