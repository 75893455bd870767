import { LprError, errorMessage, silentLogger, type Logger } from '@lpr/core';
import { Redis } from 'ioredis';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Reconnect delays grow to this cap: fast recovery after a Redis restart without hammering a dead server. */
const MAX_RECONNECT_DELAY_MS = 2000;

/** Where a connection goes, without credentials: `redis://host:port/db`. Used in logs and errors. */
export function describeRedis(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
  } catch {
    return 'an unparseable Redis URL';
  }
}

/**
 * Open a Redis connection for a worker. Commands issued while Redis is unreachable wait (maxRetriesPerRequest null,
 * offline queue on) and run after the reconnect, which is what every caller here wants: BullMQ requires it, and the
 * event sink must never drop an event. Connection changes are logged once each, without the URL's password.
 */
export function connectRedis(url: string, name: string, logger: Logger = silentLogger): Redis {
  const where = describeRedis(url);
  if (!/^rediss?:\/\//.test(url)) {
    throw new LprError(`Redis URL ${where} must start with redis:// or rediss:// (set --redis or REDIS_URL)`);
  }
  const redis = new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 10), MAX_RECONNECT_DELAY_MS),
  });
  let down = false;
  redis.on('ready', () => {
    if (down) logger.info('redis connection restored', { redis: where, connection: name });
    down = false;
  });
  redis.on('error', (err: unknown) => {
    if (!down) logger.warn('redis connection lost; retrying', { redis: where, connection: name, error: errorMessage(err) });
    down = true;
  });
  return redis;
}


/** For interactive commands: fail with an actionable error instead of waiting for Redis forever. */
export async function ensureReachable(redis: Redis, url: string, timeoutMs = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([redis.ping(), timeout]);
  } catch (err) {
    redis.disconnect();
    throw new LprError(`cannot reach Redis at ${describeRedis(url)}: ${errorMessage(err)} (is it running? set --redis or REDIS_URL)`);
  } finally {
    clearTimeout(timer);
  }
}
