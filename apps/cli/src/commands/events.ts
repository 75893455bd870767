import { hostname } from 'node:os';
import { LprError, createLogger } from '@lpr/core';
import { DEFAULT_REDIS_URL, RedisEventReader, connectRedis, ensureReachable } from '@lpr/events';
import { DEFAULT_KEY_PREFIX } from '@lpr/queue';
import { parseCommand } from '../args.js';

const help = `usage: lpr events tail [--group NAME [--consumer NAME]] [--from-start]

Print plate events from the Redis stream <prefix>:events as JSON lines (one per vehicle) until interrupted.

options:
  --group NAME            read as a member of this consumer group: each event goes to one member, and is
                          acknowledged after it is printed; events printed but not acknowledged (a crash) come
                          again when the same consumer restarts
  --consumer NAME         this member's name in the group (default: the host name)
  --from-start            also print the events already in the stream (for a new group: all of them)
  --redis URL             (default: $REDIS_URL, else ${DEFAULT_REDIS_URL})
  --prefix NAME           key prefix of the deployment (default: ${DEFAULT_KEY_PREFIX})`;

export async function eventsCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand('events', help, argv, {
    group: { type: 'string' },
    consumer: { type: 'string', default: hostname() },
    'from-start': { type: 'boolean', default: false },
    redis: { type: 'string', default: process.env.REDIS_URL ?? DEFAULT_REDIS_URL },
    prefix: { type: 'string', default: DEFAULT_KEY_PREFIX },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || positionals[0] !== 'tail') {
    throw new LprError(`lpr events takes one action, "tail" (see: lpr events --help)`);
  }
  const logger = createLogger();
  const redis = connectRedis(values.redis, 'lpr-events-tail', logger);
  await ensureReachable(redis, values.redis);
  const reader = new RedisEventReader(redis, {
    stream: `${values.prefix}:events`,
    fromStart: values['from-start'],
    logger,
    ...(values.group ? { group: { name: values.group, consumer: values.consumer } } : {}),
  });
  const stop = () => reader.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // A closed pipe (lpr events tail | head) ends the tail instead of failing on the next write.
  process.stdout.once('error', stop);
  try {
    for await (const { entryId, event } of reader.events()) {
      // Acknowledge only once the line is out, so that an event is never acknowledged but unprinted.
      await new Promise<void>((resolve, reject) => process.stdout.write(JSON.stringify(event) + '\n', (err) => (err ? reject(err) : resolve())));
      await reader.ack(entryId);
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    redis.disconnect();
  }
  return 0;
}
