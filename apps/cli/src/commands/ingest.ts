import { hostname } from 'node:os';
import { LprError } from '@lpr/core';
import { CameraRegistry, IngestWorker, loadCameraFile, parseCameraList, type CameraConfig } from '@lpr/cameras';
import { openFrameSource, writeImage } from '@lpr/decode';
import { DEFAULT_REDIS_URL, connectRedis, describeRedis } from '@lpr/events';
import { LprMetrics, WorkerLifecycle } from '@lpr/metrics';
import { assemblerOptionsFor, frameDetector, loadCountrySetup, openDetector } from '@lpr/pipeline';
import { DEFAULT_KEY_PREFIX, SAFE_ID } from '@lpr/queue';
import { choiceOption, numberOption, noPositionals, parseCommand } from '../args.js';
import { readSnapshotSettings, snapshotOptionSpecs, snapshotOptionsHelp, startSnapshotRetention } from '../snapshot-options.js';
import {
  readScheduleSettings,
  readVideoSearch,
  scheduleOptionSpecs,
  scheduleOptionsHelp,
} from '../schedule-options.js';
import { readTrackSettings, trackOptionSpecs, trackOptionsHelp } from '../track-options.js';
import { redisReadiness, workerLogger, workerOptionSpecs } from '../worker-options.js';

const help = `usage: lpr ingest --country CODE [--cameras FILE | --cameras redis] [options]

Distributed mode's ingest worker: decodes its share of the cameras (RTSP), detects and tracks plates, sends crops to
the recognizer workers through Redis, and publishes one event per vehicle to the Redis stream <prefix>:events.
Cameras are spread over all ingest workers of a deployment with leases in Redis; when a worker dies, its cameras
move to the others within --lease-ms.

cameras (one of):
  --cameras FILE          YAML or JSON file: cameras: [{id, url, fps?, roi?, transport?}] (see docs/distributed.md)
  --cameras redis         the registry kept with "lpr camera add|remove", re-read every few seconds
  LPR_CAMERAS             environment variable holding the same YAML or JSON as a file

options:
  --country CODE          country of the plates (models/countries/CODE.yaml and its detectors)
  --redis URL             Redis of the deployment (default: $REDIS_URL, else ${DEFAULT_REDIS_URL})
  --prefix NAME           key prefix shared by all workers of one deployment (default: ${DEFAULT_KEY_PREFIX})
  --worker-id ID          unique name of this worker (default: hostname-pid)
  --lease-ms MS           camera lease; a dead worker's cameras move after about this long (default 15000)
  --max-pending N         crops awaiting results before cameras skip frames (default 256)
  --crop-format NAME      jpeg (default: ~3 KB a crop) or png (lossless, ~3x larger) crops on the queue
  --stall-ms MS           reconnect a camera that delivered no frame for this long (default 10000)
${trackOptionsHelp}
${scheduleOptionsHelp}
  --event-max-len N       approximate cap on the event stream's length (default 100000)
${snapshotOptionsHelp}
  --stop-timeout-ms MS    on SIGTERM, time to wait for the results of the last tracks (default 20000)
  --http-port N           serve /metrics, /healthz and /readyz on this port (default 9100; 0: any free port)
  --log-level LEVEL       debug, info (default), warn or error; logs are JSON lines on stderr`;

export async function ingestCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand('ingest', help, argv, {
    country: { type: 'string' },
    cameras: { type: 'string' },
    ...workerOptionSpecs,
    'worker-id': { type: 'string', default: `${hostname()}-${process.pid}` },
    'lease-ms': { type: 'string' },
    'max-pending': { type: 'string' },
    'crop-format': { type: 'string' },
    'stall-ms': { type: 'string' },
    ...trackOptionSpecs,
    ...scheduleOptionSpecs,
    'event-max-len': { type: 'string' },
    'stop-timeout-ms': { type: 'string' },
    ...snapshotOptionSpecs,
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  noPositionals('ingest', positionals);
  const workerId = values['worker-id'];
  if (!SAFE_ID.test(workerId)) throw new LprError(`--worker-id may only contain letters, digits, "_", "." and "-", got "${workerId}"`);
  const leaseMs = numberOption('lease-ms', values['lease-ms'], 15_000, 1000);
  const maxPending = numberOption('max-pending', values['max-pending'], 256, 1);
  const cropFormat = choiceOption('crop-format', values['crop-format'], ['jpeg', 'png'], 'jpeg');
  const stallTimeoutMs = numberOption('stall-ms', values['stall-ms'], 10_000, 500);
  const { minAgreeingReads, minConfidence, maxReadsPerTrack, maxIdleMs } = readTrackSettings(values);
  const schedule = readScheduleSettings(values);
  const search = readVideoSearch(values);
  const eventMaxLen = numberOption('event-max-len', values['event-max-len'], 100_000, 1);
  const stopTimeoutMs = numberOption('stop-timeout-ms', values['stop-timeout-ms'], 20_000, 0);
  const httpPort = numberOption('http-port', values['http-port'], 9100, 0);
  const pictures = readSnapshotSettings(values);
  const logger = workerLogger('ingest', values['log-level'], { workerId });

  const redis = connectRedis(values.redis, 'lpr-ingest', logger);
  const prefix = values.prefix;
  const metrics = new LprMetrics();
  let worker: IngestWorker;
  try {
    const cameras = cameraList(values.cameras, new CameraRegistry(redis, prefix, logger));
    // Fail now, with the file's own error, rather than at the first tick.
    await cameras();
    const setup = await loadCountrySetup(values.country);
    const detector = frameDetector(await openDetector(setup), search);
    worker = new IngestWorker(redis, {
      prefix,
      workerId,
      cameras,
      leaseMs,
      maxPending,
      cropFormat,
      eventMaxLen,
      openStream: (c) => openFrameSource(c.url, { rtspTransport: c.transport ?? 'tcp', ...(c.fps ? { fps: c.fps } : {}) }),
      detector,
      assembler: { ...assemblerOptionsFor(setup), vote: { minAgreeingReads, minConfidence } },
      ingest: { cropPadding: setup.country.plate.cropPadding, maxReadsPerTrack, tracker: { maxIdleMs }, schedule },
      stream: { stallTimeoutMs },
      ...(pictures ? { snapshots: { dir: pictures.dir, write: writeImage } } : {}),
      stopTimeoutMs,
      logger,
      metrics,
    });
  } catch (err) {
    // An open connection would keep the process alive after the error.
    redis.disconnect();
    throw err;
  }

  const lifecycle = new WorkerLifecycle({
    httpPort,
    metrics,
    logger,
    readiness: [
      redisReadiness(redis, values.redis),
      () => (worker.coordinator.lastTickOk ? null : 'camera leases not renewed yet'),
    ],
  });
  try {
    await lifecycle.start();
  } catch (err) {
    await worker.stop(1000);
    redis.disconnect();
    throw err;
  }
  worker.start();
  const retention = startSnapshotRetention(pictures, logger);
  logger.info('ingest worker started', { redis: describeRedis(values.redis), prefix, leaseMs });
  await lifecycle.untilSignal();
  // Cameras take up to --stop-timeout-ms to finish; then the leases and the queue, then the event sink (10 s at most).
  await worker.stop(stopTimeoutMs + 2000);
  await retention?.stop();
  redis.disconnect();
  await lifecycle.close();
  logger.info('ingest worker stopped');
  return 0;
}

/** Where the cameras come from; the returned function is called every coordination tick. */
function cameraList(option: string | undefined, registry: CameraRegistry): () => Promise<CameraConfig[]> {
  if (option === 'redis') return () => registry.list();
  if (option !== undefined) return () => loadCameraFile(option);
  const env = process.env.LPR_CAMERAS;
  if (env !== undefined) {
    const list = parseCameraList(env, 'LPR_CAMERAS');
    return async () => list;
  }
  throw new LprError('no cameras given: use --cameras FILE, --cameras redis (see: lpr camera add), or set LPR_CAMERAS');
}
