import type { Logger } from '@lpr/core';
import type { LprMetrics } from './lpr-metrics.js';
import { OpsHttpServer, type ReadinessCheck } from './ops-http-server.js';

export interface WorkerLifecycleOptions {
  httpPort: number;
  metrics: LprMetrics;
  readiness: ReadinessCheck[];
  logger: Logger;
}

/**
 * What every long-running worker shares: the operations HTTP server, and a graceful stop on SIGTERM or SIGINT
 * (readiness turns false at once so that no new work is routed here; a second signal exits without waiting).
 */
export class WorkerLifecycle {
  private readonly server: OpsHttpServer;
  private shuttingDown = false;

  constructor(private readonly options: WorkerLifecycleOptions) {
    this.server = new OpsHttpServer({
      port: options.httpPort,
      registry: options.metrics.registry,
      readiness: [() => (this.shuttingDown ? 'shutting down' : null), ...options.readiness],
      logger: options.logger,
    });
  }

  /** Start serving; resolves with the bound port. */
  start(): Promise<number> {
    return this.server.listen();
  }

  /** Resolves with the signal's name at the first SIGTERM or SIGINT. */
  untilSignal(): Promise<NodeJS.Signals> {
    return new Promise((resolve) => {
      const onSignal = (signal: NodeJS.Signals) => {
        if (this.shuttingDown) {
          this.options.logger.warn('second signal: exiting without finishing in-flight work', { signal });
          process.exit(1);
        }
        this.shuttingDown = true;
        this.options.logger.info('shutting down: finishing in-flight work', { signal });
        resolve(signal);
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
    });
  }

  /**
   * Run the graceful part of a shutdown, bounded: when Redis is unreachable, steps that talk to it would wait for
   * it forever, and an orchestrator's SIGKILL would then cut the logs short. False when the deadline passed.
   */
  async finish(work: () => Promise<void>, deadlineMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), deadlineMs)));
    const finished = await Promise.race([work().then(() => true as const), expired]);
    clearTimeout(timer);
    if (!finished) this.options.logger.error('graceful shutdown did not finish in time; exiting anyway', { deadlineMs });
    return finished;
  }

  async close(): Promise<void> {
    await this.server.close();
  }
}
