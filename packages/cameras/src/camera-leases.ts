import type { Redis } from 'ioredis';

/** Extend the lease if we hold it, or take it back if it vanished (Redis restarted without persistence). */
const RENEW = `
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
`;

/** Delete the lease only if we still hold it: it may have expired and gone to another worker. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** Record this worker as alive (by Redis' clock, so worker clocks need not agree) and count the live workers. */
const HEARTBEAT = `
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZADD', KEYS[1], ms, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ms - tonumber(ARGV[2]))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return redis.call('ZCARD', KEYS[1])
`;

/**
 * Camera ownership across ingest workers. A camera belongs to the worker that holds its lease: a key set with
 * SET NX PX and renewed by heartbeat. A worker that dies stops renewing, and its cameras go to other workers when
 * the leases expire (within one TTL). Live workers are counted so that each takes only its share of the cameras.
 */
export class CameraLeases {
  private readonly workersKey: string;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly workerId: string,
    readonly ttlMs: number,
  ) {
    this.workersKey = `${prefix}:ingest-workers`;
  }

  async acquire(camera: string): Promise<boolean> {
    return (await this.redis.set(this.leaseKey(camera), this.workerId, 'PX', this.ttlMs, 'NX')) === 'OK';
  }

  /** False when another worker holds the camera now: stop processing it. */
  async renew(camera: string): Promise<boolean> {
    return (await this.redis.eval(RENEW, 1, this.leaseKey(camera), this.workerId, String(this.ttlMs))) === 1;
  }

  async release(camera: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.leaseKey(camera), this.workerId);
  }

  /** Mark this worker alive; returns how many workers are alive (heartbeat within one TTL), itself included. */
  async heartbeat(): Promise<number> {
    return (await this.redis.eval(HEARTBEAT, 1, this.workersKey, this.workerId, String(this.ttlMs))) as number;
  }

  /** Leave the worker count at once (graceful stop), so that the others take larger shares now. */
  async leave(): Promise<void> {
    await this.redis.zrem(this.workersKey, this.workerId);
  }

  private leaseKey(camera: string): string {
    return leaseKey(this.prefix, camera);
  }
}

/** Which worker holds each camera now (null: nobody), e.g. for `lpr camera list`. */
export async function leaseHolders(redis: Redis, prefix: string, cameras: string[]): Promise<Map<string, string | null>> {
  if (cameras.length === 0) return new Map();
  const values = await redis.mget(cameras.map((c) => leaseKey(prefix, c)));
  return new Map(cameras.map((c, i) => [c, values[i] ?? null]));
}

function leaseKey(prefix: string, camera: string): string {
  return `${prefix}:camera-lease:${camera}`;
}
