import { DEFAULT_REDIS_URL, connectRedis, describeRedis } from '@lpr/events';
import { LprMetrics, WorkerLifecycle } from '@lpr/metrics';
import { loadCountrySetup, loadRecognizer } from '@lpr/pipeline';
import { BullmqRecognizerWorker, DEFAULT_KEY_PREFIX } from '@lpr/queue';
import { choiceOption, numberOption, noPositionals, parseCommand, precisionOption } from '../args.js';
import { redisReadiness, workerLogger, workerOptionSpecs } from '../worker-options.js';

const help = `usage: lpr recognizer --country CODE [options]

Distributed mode's recognizer worker: takes plate crops from the Redis queue (BullMQ), reads them with LPRNet in
batches that mix crops from every camera, and returns each result to the ingest worker that sent it. Run as many
as the load needs; a worker that dies loses nothing (its jobs go to another worker after --lock-ms).

options:
  --country CODE        country of the plates (models/lprnet-CODE.onnx, models/countries/CODE.yaml)
  --redis URL           Redis of the deployment (default: $REDIS_URL, else ${DEFAULT_REDIS_URL})
  --prefix NAME         key prefix shared by all workers of one deployment (default: ${DEFAULT_KEY_PREFIX})
  --batch N             largest recognition batch (default 32)
  --batch-wait-ms MS    how long a partial batch waits for more crops (default 10)
  --concurrency N       crop jobs held at once, at least --batch (default 2 x --batch)
  --device NAME         auto (default: CUDA when available, else CPU), cpu or cuda
  --decoder NAME        beam (default) or greedy CTC decoding
  --precision NAME      int8 or fp32 model (default: int8 where models/lprnet-CODE-int8.onnx exists, except with
                        --device cuda)
  --lock-ms MS          job lock, renewed while working; a dead worker's jobs are retried after about
                        this long (default 15000)
  --grace-ms MS         on SIGTERM, time to finish the jobs in hand before handing them back (default 10000)
  --http-port N         serve /metrics, /healthz and /readyz on this port (default 9101; 0: any free port)
  --log-level LEVEL     debug, info (default), warn or error; logs are JSON lines on stderr`;

export async function recognizerCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand('recognizer', help, argv, {
    country: { type: 'string' },
    ...workerOptionSpecs,
    batch: { type: 'string' },
    'batch-wait-ms': { type: 'string' },
    concurrency: { type: 'string' },
    device: { type: 'string' },
    decoder: { type: 'string' },
    precision: { type: 'string' },
    'lock-ms': { type: 'string' },
    'grace-ms': { type: 'string' },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  noPositionals('recognizer', positionals);
  const maxBatch = numberOption('batch', values.batch, 32, 1);
  const maxWaitMs = numberOption('batch-wait-ms', values['batch-wait-ms'], 10, 0);
  const concurrency = numberOption('concurrency', values.concurrency, maxBatch * 2, maxBatch);
  const device = choiceOption('device', values.device, ['auto', 'cpu', 'cuda'], 'auto');
  const decoder = choiceOption('decoder', values.decoder, ['greedy', 'beam'], 'beam');
  const precision = precisionOption(values.precision);
  const lockDurationMs = numberOption('lock-ms', values['lock-ms'], 15_000, 1000);
  const graceMs = numberOption('grace-ms', values['grace-ms'], 10_000, 0);
  const httpPort = numberOption('http-port', values['http-port'], 9101, 0);
  const logger = workerLogger('recognizer', values['log-level'], { pid: process.pid });

  const setup = await loadCountrySetup(values.country);
  const recognizer = await loadRecognizer(setup, { decoder, useTemplates: true, device, precision, logger, maxBatch });
  const redis = connectRedis(values.redis, 'lpr-recognizer', logger);
  const metrics = new LprMetrics();
  const worker = new BullmqRecognizerWorker(recognizer, redis, {
    prefix: values.prefix,
    maxBatch,
    maxWaitMs,
    concurrency,
    lockDurationMs,
    logger,
    metrics,
  });
  metrics.measureQueueDepth(() => worker.jobCounts());
  const lifecycle = new WorkerLifecycle({
    httpPort,
    metrics,
    logger,
    readiness: [
      redisReadiness(redis, values.redis),
      () => (worker.running ? null : 'not taking jobs'),
    ],
  });
  try {
    await lifecycle.start();
  } catch (err) {
    // Open connections would keep the process alive after the error.
    await worker.close(0);
    redis.disconnect();
    throw err;
  }
  const running = worker.run();
  logger.info('recognizer worker started', { redis: describeRedis(values.redis), prefix: values.prefix, country: setup.country.code, maxBatch, concurrency });
  await lifecycle.untilSignal();
  await lifecycle.finish(async () => {
    await worker.close(graceMs);
    await running;
  }, graceMs + 5000);
  await recognizer.close();
  redis.disconnect();
  await lifecycle.close();
  logger.info('recognizer worker stopped', { ...worker.batchStats });
  return 0;
}
