/**
 * Detection cost per frame on real scenes, single-threaded, and the throughput of a DetectorPool.
 *
 *   npx tsc -b packages/detect packages/decode && node --import tsx packages/detect/bench/detection-speed.ts [cascade.xml]
 *
 * Frames are CCPD scenes (validation and training alike: only the time matters) resized to 720p and 1080p.
 * Reports wall and CPU milliseconds: on a shared machine CPU time is the cost on one free core.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resizeRgb, type RgbImage } from '@lpr/core';
import { loadImage, listImageFiles } from '@lpr/decode';
import { CascadeDetector, DetectorPool, type DetectOptions } from '@lpr/detect';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const cascadePath = process.argv[2] ?? join(repoRoot, 'models/cascade-cn.xml');
const sharedData = process.env.LPR_SHARED_DATA ?? resolve(repoRoot, '../shared/data');
const SCENES = 8;
const ROUNDS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeDetections(detector: CascadeDetector, frames: RgbImage[], options: DetectOptions) {
  const wall: number[] = [];
  const cpu: number[] = [];
  let boxes = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const frame of frames) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      boxes += detector.detect(frame, options).length;
      wall.push(performance.now() - start);
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1000);
    }
  }
  return { wallMs: median(wall), cpuMs: median(cpu), boxesPerFrame: boxes / (ROUNDS * frames.length) };
}

async function poolThroughput(workers: number, frames: RgbImage[]): Promise<number> {
  const pool = await DetectorPool.create(cascadePath, { workers });
  try {
    await Promise.all(frames.map((frame) => pool.detect(frame))); // warm-up
    const start = performance.now();
    const total = frames.length * ROUNDS;
    await Promise.all(Array.from({ length: total }, (_, i) => pool.detect(frames[i % frames.length]!)));
    return (total * 1000) / (performance.now() - start);
  } finally {
    await pool.close();
  }
}

const files = (await listImageFiles([join(sharedData, 'cn/ccpd-scenes')])).slice(0, SCENES);
const scenes = await Promise.all(files.map((file) => loadImage(file)));
const detector = await CascadeDetector.load(cascadePath);
console.log(`cascade ${cascadePath}, window ${detector.window.width}x${detector.window.height}, ${scenes.length} scenes`);

const variants: [string, (width: number, height: number) => DetectOptions][] = [
  ['defaults (plates 40 px .. width/2, step 1.1)', () => ({})],
  ['scaleFactor 1.2', () => ({ scaleFactor: 1.2 })],
  ['plates >= 60 px', () => ({ minPlateWidth: 60 })],
  ['plates >= 80 px', () => ({ minPlateWidth: 80 })],
  ['plates 40 .. 320 px', () => ({ maxPlateWidth: 320 })],
  ['lower half ROI', (width, height) => ({ roi: { x: 0, y: height / 2, w: width, h: height / 2 } })],
];

for (const [width, height] of [[1280, 720], [1920, 1080]] as const) {
  const frames = scenes.map((scene) => resizeRgb(scene, width, height));
  detector.detect(frames[0]!); // warm-up: first call grows the wasm heap
  for (const [name, options] of variants) {
    const { wallMs, cpuMs, boxesPerFrame } = timeDetections(detector, frames, options(width, height));
    console.log(`${width}x${height} ${name}: ${wallMs.toFixed(1)} ms wall, ${cpuMs.toFixed(1)} ms CPU, ${boxesPerFrame.toFixed(1)} boxes/frame`);
  }
  for (const workers of [1, 2]) {
    const fps = await poolThroughput(workers, frames);
    console.log(`${width}x${height} DetectorPool, ${workers} worker(s): ${fps.toFixed(1)} frames/s (defaults)`);
  }
}
detector.close();
