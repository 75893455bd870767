import { errorMessage, silentLogger, type Logger, type PlateEvent } from '@lpr/core';
import type { Redis } from 'ioredis';
import type { PlateEventSink } from './plate-event-sink.js';

export const DEFAULT_EVENT_STREAM = 'lpr:events';

/**
 * Publish an event once: a key per event id remembers the stream entry it became, so a retried publish (after a
 * timeout whose command did run, or after an ingest worker handed a camera over mid-publish) returns the first
 * entry instead of adding a duplicate. One script, so the check and the XADD are atomic.
 */
const PUBLISH_ONCE = `
local seen = redis.call('GET', KEYS[1])
if seen then return {seen, 1} end
local entry = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'id', ARGV[3], 'event', ARGV[4])
redis.call('SET', KEYS[1], entry, 'PX', ARGV[1])
return {entry, 0}
`;

export interface RedisStreamSinkOptions {
  /** Stream key; consumers read it with XREAD or XREADGROUP. */
  stream: string;
  /** Approximate cap on the stream's length (XADD MAXLEN ~): consumers must keep up within this many events. */
  maxLen: number;
  /** How long an event id is remembered for deduplication. */
  dedupeTtlMs: number;
  /** On close, how long to keep retrying events Redis has not taken yet before logging them as lost. */
  closeTimeoutMs: number;
  logger: Logger;
  /** Called once per event that reached the stream (not for deduplicated retries). */
  onPublished?: (event: PlateEvent, entryId: string) => void;
  onRetry?: () => void;
}

const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5000;

/**
 * Distributed mode's event output: each plate event becomes one entry of a Redis stream (fields `id` and `event`,
 * the event as JSON). `publish` resolves only once the entry is in Redis: while Redis is down it waits for the
 * reconnect, and errors (Redis loading, out of memory, failover) are retried with backoff, never dropped.
 */
export class RedisStreamSink implements PlateEventSink {
  private readonly options: RedisStreamSinkOptions;
  private readonly inFlight = new Set<PlateEvent>();
  /** Set when close() stopped waiting: retries end, and what is left has been logged. */
  private abandoned = false;
  /** Rejects when close() stops waiting, to end publishes stuck in a command queue that waits for Redis. */
  private readonly abandonment: Promise<never>;
  private abandon!: () => void;

  constructor(
    private readonly redis: Redis,
    options: Partial<RedisStreamSinkOptions> = {},
  ) {
    this.options = {
      stream: DEFAULT_EVENT_STREAM,
      maxLen: 100_000,
      dedupeTtlMs: 24 * 3600_000,
      closeTimeoutMs: 10_000,
      logger: silentLogger,
      ...options,
    };
    this.abandonment = new Promise<never>((_, reject) => {
      this.abandon = () => reject(new Error('sink closed'));
    });
    this.abandonment.catch(() => {});
  }

  async publish(event: PlateEvent): Promise<void> {
    this.inFlight.add(event);
    try {
      await this.publishWithRetries(event);
    } finally {
      this.inFlight.delete(event);
    }
  }

  /** Waits for in-flight publishes (up to closeTimeoutMs); events still not in Redis then are logged in full. */
  async close(): Promise<void> {
    const deadline = Date.now() + this.options.closeTimeoutMs;
    while (this.inFlight.size > 0 && Date.now() < deadline) await sleep(50);
    for (const event of this.inFlight) {
      // The log is the last place this event exists: keep all of it so that an operator can replay it.
      this.options.logger.error('plate event not published before shutdown', { event });
    }
    this.abandoned = true;
    this.abandon();
  }

  private async publishWithRetries(event: PlateEvent): Promise<void> {
    const { stream, maxLen, dedupeTtlMs, logger } = this.options;
    const seenKey = `${stream}:seen:${event.id}`;
    for (let attempt = 0; !this.abandoned; attempt++) {
      try {
        const published = this.redis.eval(PUBLISH_ONCE, 2, seenKey, stream, String(dedupeTtlMs), String(maxLen), event.id, JSON.stringify(event));
        const [entryId, duplicate] = (await Promise.race([published, this.abandonment])) as [string, number];
        if (duplicate) logger.debug('event was already published', { id: event.id, entry: entryId });
        else this.options.onPublished?.(event, entryId);
        return;
      } catch (err) {
        if (this.abandoned) break;
        this.options.onRetry?.();
        const delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** attempt);
        logger.warn('publishing plate event failed; retrying', { id: event.id, error: errorMessage(err), retryInMs: delay });
        await sleep(delay);
      }
    }
    throw new Error(`plate event ${event.id} was not published: the sink was closed while Redis was failing`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
