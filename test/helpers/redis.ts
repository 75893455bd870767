import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test run uses, so that runs in parallel (or leftovers of a crashed one) never mix. */
export function uniquePrefix(name: string): string {
  return `lprtest-${name}-${randomBytes(4).toString('hex')}`;
}

/** A connection configured like the workers' (commands wait through outages instead of failing). */
export function testRedis(url = redisUrl): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: () => 100 });
  // Outages are part of some tests; without a listener ioredis prints every failed reconnect.
  redis.on('error', () => {});
  return redis;
}

/** The reason Redis cannot be used, for `it(..., { skip })`; false when it answers. */
export async function redisUnavailable(url = redisUrl): Promise<string | false> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await probe.connect();
    await probe.ping();
    return false;
  } catch (err) {
    return `no Redis at ${url} (${err instanceof Error ? err.message : String(err)}); start one or set REDIS_URL`;
  } finally {
    probe.disconnect();
  }
}

/** Delete every key under a test prefix. */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * A redis-server of the test's own, without persistence like the shared one, so that a test can stop and start
 * it: a restart loses every key, which is what the workers must survive.
 */
export class TestRedisServer {
  private process: ChildProcess | null = null;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.process = child;
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout!.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (out.includes('Ready to accept connections')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out.slice(-500)}`)));
    });
    child.stdout!.resume();
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    this.process = null;
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
}
