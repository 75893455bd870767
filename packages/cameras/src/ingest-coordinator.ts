import { errorMessage, silentLogger, type CropResult, type Logger } from '@lpr/core';
import type { LprMetrics } from '@lpr/metrics';
import type { CameraConfig } from './camera-config.js';
import type { CameraLeases } from './camera-leases.js';

/** What the coordinator runs per owned camera (CameraSession in production). */
export interface RunningCamera {
  readonly camera: CameraConfig;
  cropRecognized(result: CropResult): void;
  stop(): Promise<void>;
}

export interface IngestCoordinatorOptions {
  /** The cameras to run across all ingest workers (a file's list, or the Redis registry re-read each tick). */
  cameras: () => Promise<CameraConfig[]>;
  leases: CameraLeases;
  startCamera: (camera: CameraConfig) => RunningCamera;
  /** How often leases are renewed and cameras rebalanced; well under the lease TTL. */
  tickMs: number;
  logger: Logger;
  metrics?: LprMetrics;
}

/**
 * Decides which cameras this ingest worker runs. Every tick it renews its leases (a camera whose lease went to
 * another worker is stopped), stops cameras removed from the config or whose config changed, and takes free
 * cameras up to its fair share, ceil(cameras / live workers). A worker holding more than its share (because a
 * new one joined) hands one camera back per tick, so that cameras spread out without all restarting at once.
 */
export class IngestCoordinator {
  private readonly options: IngestCoordinatorOptions;
  private readonly running = new Map<string, RunningCamera>();
  /** Sessions finishing their last tracks: still receive results, and the camera is not taken again meanwhile. */
  private readonly stopping = new Map<string, { session: RunningCamera; done: Promise<void> }>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Set after a tick completed; readiness means "has reached Redis and applied the camera list". */
  lastTickOk = false;

  constructor(options: Partial<IngestCoordinatorOptions> & Pick<IngestCoordinatorOptions, 'cameras' | 'leases' | 'startCamera'>) {
    this.options = { tickMs: options.leases.ttlMs / 3, logger: silentLogger, ...options };
  }

  get ownedCameras(): string[] {
    return [...this.running.keys()].sort();
  }

  start(): void {
    const loop = () => {
      this.ticking = this.tick().finally(() => {
        if (!this.stopped) this.timer = setTimeout(loop, this.options.tickMs);
      });
    };
    loop();
  }

  /** Route a crop result to the session of its camera, running or finishing (there is never more than one). */
  cropRecognized(result: CropResult): void {
    (this.running.get(result.camera) ?? this.stopping.get(result.camera)?.session)?.cropRecognized(result);
  }

  /** Graceful stop: finish every camera, then hand the leases back so that other workers take over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    await Promise.all([...this.running.keys()].map((id) => this.stopCamera(id, 'worker shutting down', true)));
    await Promise.all([...this.stopping.values()].map((s) => s.done));
    // Best effort: a worker that cannot say goodbye drops out of the count when its heartbeat ages out.
    await this.options.leases.leave().catch(() => {});
  }

  private async tick(): Promise<void> {
    const { leases, logger } = this.options;
    try {
      const workers = await leases.heartbeat();
      const wanted = new Map((await this.options.cameras()).map((c) => [c.id, c]));
      for (const [id, session] of this.running) {
        const config = wanted.get(id);
        if (!config) void this.stopCamera(id, 'removed from the camera list', true);
        else if (JSON.stringify(config) !== JSON.stringify(session.camera)) void this.stopCamera(id, 'config changed', true);
        else if (!(await leases.renew(id))) void this.stopCamera(id, 'lease taken by another worker', false);
      }
      const share = Math.ceil(wanted.size / Math.max(1, workers));
      if (this.running.size > share) {
        const surplus = this.ownedCameras.at(-1)!;
        void this.stopCamera(surplus, `rebalancing: ${workers} workers share ${wanted.size} cameras`, true);
      }
      for (const config of shuffled([...wanted.values()])) {
        if (this.stopped || this.running.size >= share) break;
        if (this.running.has(config.id) || this.stopping.has(config.id)) continue;
        if (await leases.acquire(config.id)) this.startCamera(config);
      }
      this.options.metrics?.camerasOwned.set(this.running.size);
      this.lastTickOk = true;
    } catch (err) {
      // Keep running what we have: leases are renewed again next tick, before they expire.
      this.lastTickOk = false;
      logger.warn('camera coordination failed; retrying next tick', { error: errorMessage(err) });
    }
  }

  private startCamera(config: CameraConfig): void {
    this.options.logger.info('camera lease acquired', { camera: config.id });
    this.running.set(config.id, this.options.startCamera(config));
  }

  /**
   * Stop a camera's session. With `release`, the lease is handed back at once, so that another worker can start the
   * camera while this one still publishes the events of the tracks it ended.
   */
  private stopCamera(id: string, reason: string, release: boolean): Promise<void> {
    const session = this.running.get(id);
    if (!session) return this.stopping.get(id)?.done ?? Promise.resolve();
    this.running.delete(id);
    this.options.logger.info('stopping camera', { camera: id, reason });
    const released = release
      ? this.options.leases.release(id).catch((err: unknown) => {
          this.options.logger.warn('handing back a camera lease failed; it expires by itself', { camera: id, error: errorMessage(err) });
        })
      : Promise.resolve();
    const done = Promise.all([released, session.stop()])
      .then(() => undefined)
      .catch((err: unknown) => this.options.logger.error('stopping camera failed', { camera: id, error: errorMessage(err) }))
      .finally(() => this.stopping.delete(id));
    this.stopping.set(id, { session, done });
    return done;
  }
}

/** Workers try free cameras in different orders, so that they rarely race for the same lease. */
function shuffled<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
