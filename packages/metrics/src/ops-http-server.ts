import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LprError, silentLogger, type Logger } from '@lpr/core';
import type { Registry } from 'prom-client';

/** Why a worker cannot take work right now; null when it can. */
export type ReadinessCheck = () => string | null;

export interface OpsHttpServerOptions {
  port: number;
  host?: string;
  registry: Registry;
  /** Readiness: every check must pass (e.g. Redis connected, model loaded, not shutting down). */
  readiness: ReadinessCheck[];
  logger?: Logger;
}

/**
 * The operations endpoints every worker serves: `/metrics` (Prometheus), `/healthz` (the process answers: restart
 * it when this fails) and `/readyz` (it can do work now: send it traffic / count it in when this passes).
 */
export class OpsHttpServer {
  private readonly server: Server;

  constructor(private readonly options: OpsHttpServerOptions) {
    this.server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'GET') {
        res.writeHead(405, { allow: 'GET' }).end();
      } else if (path === '/metrics') {
        options.registry.metrics().then(
          (body) => res.writeHead(200, { 'content-type': options.registry.contentType }).end(body),
          (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${String(err)}\n`),
        );
      } else if (path === '/healthz') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      } else if (path === '/readyz') {
        const reasons = options.readiness.map((check) => check()).filter((r): r is string => r !== null);
        res
          .writeHead(reasons.length === 0 ? 200 : 503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ready: reasons.length === 0, reasons }) + '\n');
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics, /healthz or /readyz\n');
      }
    });
  }

  /** Resolves with the bound port (useful with port 0). */
  listen(): Promise<number> {
    const { port, host = '0.0.0.0', logger = silentLogger } = this.options;
    return new Promise((resolve, reject) => {
      this.server.once('error', (err: NodeJS.ErrnoException) => {
        reject(
          new LprError(
            `cannot serve metrics on ${host}:${port}: ${err.code ?? err.message} (choose another --http-port, or 0 for any free port)`,
            { cause: err },
          ),
        );
      });
      this.server.listen(port, host, () => {
        const bound = (this.server.address() as AddressInfo).port;
        logger.info('serving /metrics, /healthz and /readyz', { port: bound });
        resolve(bound);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
