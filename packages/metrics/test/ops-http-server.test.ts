import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LprMetrics, OpsHttpServer } from '../src/index.js';

describe('OpsHttpServer', () => {
  it('serves metrics, liveness and readiness with reasons', async () => {
    const metrics = new LprMetrics();
    metrics.framesDecoded.inc({ camera: 'gate-1' }, 3);
    metrics.measureQueueDepth(async () => ({ waiting: 7, active: 2 }));
    let redisReady = false;
    const server = new OpsHttpServer({ port: 0, host: '127.0.0.1', registry: metrics.registry, readiness: [() => (redisReady ? null : 'redis is reconnecting')] });
    const port = await server.listen();
    const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);
    try {
      const body = await (await get('/metrics')).text();
      assert.match(body, /^lpr_frames_decoded_total\{camera="gate-1"\} 3$/m);
      assert.match(body, /^lpr_crop_queue_jobs\{state="waiting"\} 7$/m, 'queue depth is read at scrape time');
      assert.match(body, /^lpr_process_cpu_user_seconds_total /m);
      assert.equal((await get('/healthz')).status, 200);
      const notReady = await get('/readyz');
      assert.equal(notReady.status, 503);
      assert.deepEqual(await notReady.json(), { ready: false, reasons: ['redis is reconnecting'] });
      redisReady = true;
      assert.equal((await get('/readyz')).status, 200);
      assert.equal((await get('/nope')).status, 404);
    } finally {
      await server.close();
    }
  });
});
