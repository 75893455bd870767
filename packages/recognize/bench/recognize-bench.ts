/**
 * Recognizer throughput on CPU with the real model: plates/s per batch size, and where the time goes.
 * Run: node --import tsx packages/recognize/bench/recognize-bench.ts [--decoder beam|greedy] [--threads N] [--seconds S]
 * Reads the labelled crops in ../shared/data/cn/ccpd-crops (stored at the model's 94x24) and also benches them
 * enlarged to a typical detector crop, so that resizing costs what it costs in the pipeline.
 */
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { resizeRgb, type RgbImage } from '@lpr/core';
import sharp from 'sharp';
import { LprnetRecognizer, compileTemplates, defaultModelsDir, loadCountry, type RecognizerTimings } from '../src/index.js';

export interface BenchOptions {
  modelPath: string;
  crops: RgbImage[];
  batchSizes: number[];
  decoder: 'greedy' | 'beam';
  /** 0: onnxruntime's default, one per physical core. */
  intraOpThreads: number;
  /** Measuring time per batch size, after a warm-up. */
  seconds: number;
}

export interface BenchRow {
  batchSize: number;
  platesPerSecond: number;
  /** CPU time of the whole process (onnxruntime's threads included) per plate: unlike wall time, it holds up
   *  when other work shares the cores, and 1e6 x cores / cpuUs bounds plates/s on that many idle cores. */
  cpuUs: number;
  /** Mean per plate, by stage. */
  preprocessUs: number;
  inferenceUs: number;
  decodeUs: number;
}

export async function benchRecognizer(options: BenchOptions): Promise<BenchRow[]> {
  const templates = compileTemplates(await loadCountry('cn'));
  const rows: BenchRow[] = [];
  for (const batchSize of options.batchSizes) {
    // A fresh session per batch size, so that onnxruntime's buffers are sized for this batch only.
    const recognizer = await LprnetRecognizer.load({
      modelPath: options.modelPath,
      templates,
      decoder: options.decoder,
      device: 'cpu',
      intraOpThreads: options.intraOpThreads,
      maxBatch: batchSize,
    });
    const batches = Array.from({ length: Math.max(1, Math.floor(options.crops.length / batchSize)) }, (_, i) =>
      Array.from({ length: batchSize }, (_, j) => options.crops[(i * batchSize + j) % options.crops.length]!),
    );
    for (const batch of batches.slice(0, 3)) await recognizer.recognize(batch); // warm-up
    const before = recognizer.timings;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let plates = 0;
    for (let i = 0; performance.now() - started < options.seconds * 1000; i++) {
      const batch = batches[i % batches.length]!;
      await recognizer.recognize(batch);
      plates += batch.length;
    }
    const elapsed = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const after = recognizer.timings;
    const perPlateUs = (key: keyof RecognizerTimings) => ((after[key] - before[key]) * 1000) / plates;
    rows.push({
      batchSize,
      platesPerSecond: (plates * 1000) / elapsed,
      cpuUs: (cpu.user + cpu.system) / plates,
      preprocessUs: perPlateUs('preprocessMs'),
      inferenceUs: perPlateUs('inferenceMs'),
      decodeUs: perPlateUs('decodeMs'),
    });
    await recognizer.close();
  }
  return rows;
}

async function loadCrops(dir: string, limit: number): Promise<RgbImage[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.jpg')).sort().slice(0, limit);
  return Promise.all(
    files.map(async (file) => {
      const { data, info } = await sharp(join(dir, file)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      return { width: info.width, height: info.height, data: new Uint8Array(data) };
    }),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      decoder: { type: 'string', default: 'beam' },
      threads: { type: 'string', default: '0' },
      seconds: { type: 'string', default: '3' },
      model: { type: 'string', default: join(defaultModelsDir(), 'lprnet-cn.onnx') },
    },
  });
  if (values.decoder !== 'beam' && values.decoder !== 'greedy') throw new Error(`--decoder must be beam or greedy`);
  const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');
  const stored = await loadCrops(resolve(repoRoot, '../shared/data/cn/ccpd-crops'), 256);
  // A plate ~160 px wide, as the detector crops it from 1080p video (padding included).
  const detectorSized = stored.map((crop) => resizeRgb(crop, 168, 54));
  for (const [label, crops] of [
    ['crops at model size (94x24)', stored],
    ['crops at detector size (168x54)', detectorSized],
  ] as const) {
    const rows = await benchRecognizer({
      modelPath: values.model,
      crops,
      batchSizes: [1, 8, 32, 128],
      decoder: values.decoder,
      intraOpThreads: Number(values.threads),
      seconds: Number(values.seconds),
    });
    console.log(`\n**${label}**, decoder ${values.decoder}, intra-op threads ${values.threads === '0' ? 'auto' : values.threads}\n`);
    console.log('| batch | plates/s | preprocess µs/plate | inference µs/plate | decode µs/plate |');
    console.log('|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      console.log(
        `| ${r.batchSize} | ${r.platesPerSecond.toFixed(0)} | ${r.preprocessUs.toFixed(1)} | ${r.inferenceUs.toFixed(1)} | ${r.decodeUs.toFixed(1)} |`,
      );
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
