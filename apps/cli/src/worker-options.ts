import { createLogger, type Logger, type LogLevel } from '@lpr/core';
import { DEFAULT_REDIS_URL, describeRedis } from '@lpr/events';
import { DEFAULT_KEY_PREFIX } from '@lpr/queue';
import { choiceOption } from './args.js';

/** Options every distributed-mode worker takes (spread into its parseCommand spec). */
export const workerOptionSpecs = {
  redis: { type: 'string', default: process.env.REDIS_URL ?? DEFAULT_REDIS_URL },
  prefix: { type: 'string', default: DEFAULT_KEY_PREFIX },
  'http-port': { type: 'string' },
  'log-level': { type: 'string' },
} as const;

/** Workers log JSON lines on stderr, tagged with the worker kind and what identifies the process. */
export function workerLogger(worker: string, logLevel: string | undefined, fields: Record<string, unknown>): Logger {
  const level = choiceOption<LogLevel>('log-level', logLevel, ['debug', 'info', 'warn', 'error'], 'info');
  return createLogger({ format: 'json', level, fields: { worker, ...fields } });
}

/** Readiness check shared by the workers: null while Redis is connected, else why not. */
export function redisReadiness(redis: { status: string }, url: string): () => string | null {
  return () => (redis.status === 'ready' ? null : `redis ${describeRedis(url)} is ${redis.status}`);
}
