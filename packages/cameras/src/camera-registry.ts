import { LprError, errorMessage, silentLogger, type Logger } from '@lpr/core';
import type { Redis } from 'ioredis';
import { validateCamera, type CameraConfig } from './camera-config.js';

/**
 * Cameras kept in Redis (`lpr camera add|list|remove`), one hash field per camera holding its config as JSON.
 * Ingest workers started with `--cameras redis` re-read it every few seconds, so changes apply without restarts.
 * The hash holds RTSP credentials: protect Redis (password, network) accordingly, and give it persistence.
 */
export class CameraRegistry {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly logger: Logger = silentLogger,
  ) {
    this.key = `${prefix}:cameras`;
  }

  /** Adds the camera, or replaces the config of the camera with that id; true when it is new. */
  async put(camera: CameraConfig): Promise<boolean> {
    const checked = validateCamera(camera, `camera ${camera.id}`);
    return (await this.redis.hset(this.key, checked.id, JSON.stringify(checked))) === 1;
  }

  /** False when there was no such camera. */
  async remove(id: string): Promise<boolean> {
    return (await this.redis.hdel(this.key, id)) === 1;
  }

  /** Every registered camera, by id; an entry that is not a valid config (edited by hand) is skipped and logged. */
  async list(): Promise<CameraConfig[]> {
    const entries = await this.redis.hgetall(this.key);
    const cameras: CameraConfig[] = [];
    for (const [id, json] of Object.entries(entries)) {
      try {
        cameras.push(validateCamera(JSON.parse(json), `registry entry ${this.key}[${id}]`));
      } catch (err) {
        const reason = err instanceof LprError ? err.message : `not JSON (${errorMessage(err)})`;
        this.logger.error('invalid camera in the registry skipped; fix it with "lpr camera add"', { camera: id, reason });
      }
    }
    return cameras.sort((a, b) => a.id.localeCompare(b.id));
  }
}
