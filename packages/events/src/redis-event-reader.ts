import { errorMessage, silentLogger, type Logger, type PlateEvent } from '@lpr/core';
import type { Redis } from 'ioredis';
import { DEFAULT_EVENT_STREAM } from './redis-stream-sink.js';

export interface StreamedEvent {
  /** The stream entry id, e.g. "1732412345678-0"; acknowledge it when consuming with a group. */
  entryId: string;
  event: PlateEvent;
}

export interface RedisEventReaderOptions {
  stream: string;
  /**
   * Consumer group: every event goes to one consumer of the group and stays pending until acknowledged, so a
   * consumer that crashes gets its unacknowledged events again when it restarts under the same consumer name.
   * Without a group every reader sees every event (a plain tail).
   */
  group?: { name: string; consumer: string };
  /** Read the events already in the stream (for a new group: from its first entry); else only new ones. */
  fromStart: boolean;
  /** Entries fetched per round trip. */
  batch: number;
  /** How long one blocking read waits; bounds how quickly stop() takes effect. */
  blockMs: number;
  logger: Logger;
}

type StreamReply = Array<[stream: string, entries: Array<[id: string, fields: string[] | null]>]> | null;

/**
 * Reads plate events from the Redis stream (XREAD, or XREADGROUP for a consumer group). Needs a connection of its
 * own, since blocking reads hold the connection. Survives Redis restarts: a lost consumer group is created again.
 */
export class RedisEventReader {
  private readonly options: RedisEventReaderOptions;
  private stopped = false;

  constructor(
    private readonly redis: Redis,
    options: Partial<RedisEventReaderOptions> = {},
  ) {
    this.options = { stream: DEFAULT_EVENT_STREAM, fromStart: false, batch: 100, blockMs: 1000, logger: silentLogger, ...options };
  }

  /** Ends the iteration within blockMs. */
  stop(): void {
    this.stopped = true;
  }

  async *events(): AsyncGenerator<StreamedEvent> {
    if (this.options.group) yield* this.readGroup(this.options.group);
    else yield* this.readAll();
  }

  /** Acknowledge a group-delivered event once it has been handled. */
  async ack(entryId: string): Promise<void> {
    if (!this.options.group) return;
    await this.redis.xack(this.options.stream, this.options.group.name, entryId);
  }

  private async *readAll(): AsyncGenerator<StreamedEvent> {
    const { stream, batch, blockMs } = this.options;
    // Resolve "new events only" to a concrete id once: re-reading with "$" after each block would skip entries
    // added between two reads.
    let lastId = this.options.fromStart ? '0-0' : await this.lastEntryId();
    while (!this.stopped) {
      const reply = (await this.redis.xread('COUNT', batch, 'BLOCK', blockMs, 'STREAMS', stream, lastId)) as StreamReply;
      for (const [id, fields] of reply?.[0]?.[1] ?? []) {
        lastId = id;
        const event = this.parse(id, fields);
        if (event) yield { entryId: id, event };
      }
    }
  }

  private async *readGroup(group: { name: string; consumer: string }): AsyncGenerator<StreamedEvent> {
    const { stream, batch, blockMs, logger } = this.options;
    await this.createGroup(group.name);
    // First this consumer's own pending entries (delivered before a crash, never acknowledged), then new ones.
    let cursor = '0';
    while (!this.stopped) {
      let reply: StreamReply;
      try {
        reply = (await this.redis.xreadgroup(
          'GROUP', group.name, group.consumer, 'COUNT', batch, 'BLOCK', blockMs, 'STREAMS', stream, cursor,
        )) as StreamReply;
      } catch (err) {
        if (!errorMessage(err).startsWith('NOGROUP')) throw err;
        logger.warn('consumer group vanished (Redis restarted without persistence?); creating it again', { group: group.name });
        await this.createGroup(group.name);
        continue;
      }
      const entries = reply?.[0]?.[1] ?? [];
      if (cursor !== '>' && entries.length === 0) {
        cursor = '>';
        continue;
      }
      for (const [id, fields] of entries) {
        if (cursor !== '>') cursor = id;
        const event = this.parse(id, fields);
        if (event) yield { entryId: id, event };
        // Trimmed away while pending, or unreadable: acknowledge so it does not come back forever.
        else await this.ack(id);
      }
    }
  }

  private async createGroup(name: string): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', this.options.stream, name, this.options.fromStart ? '0' : '$', 'MKSTREAM');
    } catch (err) {
      if (!errorMessage(err).startsWith('BUSYGROUP')) throw err;
    }
  }

  private async lastEntryId(): Promise<string> {
    const last = await this.redis.xrevrange(this.options.stream, '+', '-', 'COUNT', 1);
    return last[0]?.[0] ?? '0-0';
  }

  private parse(entryId: string, fields: string[] | null): PlateEvent | null {
    const at = fields ? fields.indexOf('event') : -1;
    const json = at >= 0 ? fields?.[at + 1] : undefined;
    if (json === undefined) {
      this.options.logger.warn('stream entry without an event field skipped', { entry: entryId });
      return null;
    }
    try {
      return JSON.parse(json) as PlateEvent;
    } catch (err) {
      this.options.logger.warn('stream entry with unreadable event JSON skipped', { entry: entryId, error: errorMessage(err) });
      return null;
    }
  }
}
