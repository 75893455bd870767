/**
 * Embedded pipeline throughput: `lpr process` stages on the fixture video (720p-class frames are made by scaling
 * it), reporting frames/s end to end and where the time goes. Prints a markdown table.
 *
 *   node --import tsx bench/pipeline.ts
 */
import { existsSync } from 'node:fs';
import { silentLogger } from '@lpr/core';
import { openFrameSource } from '@lpr/decode';
import { MemorySink } from '@lpr/events';
import {
  CameraIngest,
  TrackAssembler,
  loadCountrySetup,
  loadRecognizer,
  openDetector,
  processStream,
  type FrameDetector,
} from '@lpr/pipeline';
import { InProcessCropQueue, type BatchRecognizer } from '@lpr/queue';
import { fixtureVideoPath, makeFixtureVideo } from '../test/fixtures/fixture-video.js';

interface StageClock {
  ms: number;
  calls: number;
}

async function clocked<T>(clock: StageClock, work: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    clock.ms += performance.now() - started;
    clock.calls++;
  }
}

async function run() {
  const setup = await loadCountrySetup('cn');
  const detect: StageClock = { ms: 0, calls: 0 };
  const recognize: StageClock = { ms: 0, calls: 0 };
  const bound = await openDetector(setup);
  const detector: FrameDetector = { detect: (image) => clocked(detect, () => bound.detect(image)) };
  const model = await loadRecognizer(setup, { decoder: 'beam', useTemplates: true, device: 'cpu', logger: silentLogger });
  const recognizer: BatchRecognizer = { recognize: (images) => clocked(recognize, () => model.recognize(images)) };
  const sink = new MemorySink();
  const queue = new InProcessCropQueue(recognizer, { maxBatch: 32, maxWaitMs: 10 });
  const assembler = new TrackAssembler(sink, {
    country: 'cn',
    accepts: (p) => setup.templates.match(p) !== null,
    describe: (p) => ({ template: setup.templates.match(p), formatted: p }),
  });
  const ingest = new CameraIngest(detector, queue, assembler, { camera: 'bench', cropPadding: setup.country.plate.cropPadding, maxReadsPerTrack: 12, minHits: 2 });
  const source = await openFrameSource(fixtureVideoPath);
  const frameSize = `${source.width}x${source.height}`;
  const started = performance.now();
  await processStream(source, ingest, queue, assembler);
  const ms = performance.now() - started;
  await model.close();
  return { frameSize, frames: ingest.stats.frames, ms, detect, recognize, crops: ingest.stats.cropsQueued, events: sink.events.length };
}

if (!existsSync(fixtureVideoPath)) makeFixtureVideo();
console.log('| frame size | frames | frames/s | detect ms/frame | recognize ms/crop | crops | events |');
console.log('|---|---|---|---|---|---|---|');
{
  const r = await run();
  console.log(
    `| ${r.frameSize} | ${r.frames} | ${((r.frames * 1000) / r.ms).toFixed(1)} | ${(r.detect.ms / r.detect.calls).toFixed(1)} | ` +
      `${(r.recognize.ms / Math.max(1, r.crops)).toFixed(2)} | ${r.crops} | ${r.events} |`,
  );
}
