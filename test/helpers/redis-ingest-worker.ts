/**
 * An ingest worker process with stand-in cameras (no streams), for tests that kill one: it runs the real lease
 * coordination and prints the cameras it owns as a JSON line whenever that changes.
 * Usage: node --import tsx test/helpers/redis-ingest-worker.ts <redis-url> <prefix> <worker-id> <lease-ms> <cameras>
 */
import type { CropResult } from '@lpr/core';
import { CameraLeases, IngestCoordinator, type CameraConfig, type RunningCamera } from '@lpr/cameras';
import { testRedis } from './redis.js';

/** A camera that runs nothing: enough to observe ownership. */
export class IdleCamera implements RunningCamera {
  constructor(readonly camera: CameraConfig) {}
  cropRecognized(_result: CropResult): void {}
  async stop(): Promise<void> {}
}

export function cameraIds(count: number): CameraConfig[] {
  return Array.from({ length: count }, (_, i) => ({ id: `cam-${i + 1}`, url: `rtsp://127.0.0.1:9/cam-${i + 1}` }));
}

if (process.argv[1]?.endsWith('redis-ingest-worker.ts')) {
  const [url, prefix, workerId, leaseMs, count] = process.argv.slice(2);
  const cameras = cameraIds(Number(count));
  const coordinator = new IngestCoordinator({
    cameras: async () => cameras,
    leases: new CameraLeases(testRedis(url), prefix!, workerId!, Number(leaseMs)),
    startCamera: (camera) => new IdleCamera(camera),
  });
  coordinator.start();
  let shown = '';
  setInterval(() => {
    const owned = JSON.stringify(coordinator.ownedCameras);
    if (owned !== shown) process.stdout.write(owned + '\n');
    shown = owned;
  }, 50);
}
