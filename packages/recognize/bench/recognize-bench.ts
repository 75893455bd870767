/**
 * Recognizer throughput on CPU with the real models, fp32 and int8: plates/s per batch size, and where the time goes.
 * Run: node --import tsx packages/recognize/bench/recognize-bench.ts [--decoder beam|greedy] [--threads N] [--seconds S]
 *   [--model FILE] [--int8 FILE]
 * Reads the labelled crops in ../shared/data/cn/ccpd-crops (stored at the model's 94x24) and also benches them
 * enlarged to a typical detector crop, so that resizing costs what it costs in the pipeline.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { resizeRgb, type RgbImage } from '@lpr/core';
import sharp from 'sharp';
import { LprnetRecognizer, compileTemplates, defaultModelsDir, loadCountry, type RecognizerTimings } from '../src/index.js';

export interface BenchOptions {
  /** Benched side by side: their runs alternate, so that both see the same load from other work. */
  models: Array<{ label: string; path: string }>;
  crops: RgbImage[];
  batchSizes: number[];
  decoder: 'greedy' | 'beam';
  /** 0: onnxruntime's default, one per physical core. */
  intraOpThreads: number;
  /** Measuring time per model and batch size, after a warm-up. */
  seconds: number;
}

export interface BenchRow {
  model: string;
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
    // Fresh sessions per batch size, so that onnxruntime's buffers are sized for this batch only.
    const recognizers = await Promise.all(
      options.models.map((model) =>
        LprnetRecognizer.load({
          modelPath: model.path,
          templates,
          decoder: options.decoder,
          device: 'cpu',
          intraOpThreads: options.intraOpThreads,
          maxBatch: batchSize,
        }),
      ),
    );
    const batches = Array.from({ length: Math.max(1, Math.floor(options.crops.length / batchSize)) }, (_, i) =>
      Array.from({ length: batchSize }, (_, j) => options.crops[(i * batchSize + j) % options.crops.length]!),
    );
    for (const recognizer of recognizers) for (const batch of batches.slice(0, 3)) await recognizer.recognize(batch); // warm-up
    const before = recognizers.map((r) => r.timings);
    const totals = recognizers.map(() => ({ plates: 0, wallMs: 0, cpuUs: 0 }));
    const started = performance.now();
    for (let i = 0; performance.now() - started < options.seconds * 1000 * recognizers.length; i++) {
      const batch = batches[Math.floor(i / recognizers.length) % batches.length]!;
      const k = i % recognizers.length;
      const cpuBefore = process.cpuUsage();
      const callStarted = performance.now();
      await recognizers[k]!.recognize(batch);
      const cpu = process.cpuUsage(cpuBefore);
      totals[k]!.wallMs += performance.now() - callStarted;
      totals[k]!.cpuUs += cpu.user + cpu.system;
      totals[k]!.plates += batch.length;
    }
    recognizers.forEach((recognizer, k) => {
      const { plates, wallMs, cpuUs } = totals[k]!;
      const after = recognizer.timings;
      const perPlateUs = (key: keyof RecognizerTimings) => ((after[key] - before[k]![key]) * 1000) / plates;
      rows.push({
        model: options.models[k]!.label,
        batchSize,
        platesPerSecond: (plates * 1000) / wallMs,
        cpuUs: cpuUs / plates,
        preprocessUs: perPlateUs('preprocessMs'),
        inferenceUs: perPlateUs('inferenceMs'),
        decodeUs: perPlateUs('decodeMs'),
      });
    });
    for (const recognizer of recognizers) await recognizer.close();
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
      int8: { type: 'string', default: join(defaultModelsDir(), 'lprnet-cn-int8.onnx') },
    },
  });
  const models = [{ label: 'fp32', path: values.model }];
  if (existsSync(values.int8)) models.push({ label: 'int8', path: values.int8 });
  else console.log(`(no int8 model ${values.int8}: make it with lpr quantize --country cn)`);
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
      models,
      crops,
      batchSizes: [1, 8, 32, 128],
      decoder: values.decoder,
      intraOpThreads: Number(values.threads),
      seconds: Number(values.seconds),
    });
    console.log(`\n**${label}**, decoder ${values.decoder}, intra-op threads ${values.threads === '0' ? 'auto' : values.threads}\n`);
    console.log('| batch | model | plates/s | CPU µs/plate | preprocess µs/plate | inference µs/plate | decode µs/plate |');
    console.log('|---:|---|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      console.log(
        `| ${r.batchSize} | ${r.model} | ${r.platesPerSecond.toFixed(0)} | ${r.cpuUs.toFixed(0)} | ${r.preprocessUs.toFixed(1)} | ${r.inferenceUs.toFixed(1)} | ${r.decodeUs.toFixed(1)} |`,
      );
    }
    const ratios = rows.filter((r) => r.model === 'int8').map((int8) => {
      const fp32 = rows.find((r) => r.model === 'fp32' && r.batchSize === int8.batchSize)!;
      return `batch ${int8.batchSize}: x${(int8.platesPerSecond / fp32.platesPerSecond).toFixed(2)} plates/s, x${(fp32.cpuUs / int8.cpuUs).toFixed(2)} less CPU`;
    });
    if (ratios.length > 0) console.log(`\nint8 / fp32, same run (runs alternate between the two models): ${ratios.join('; ')}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
