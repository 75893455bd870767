import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { LprError, type RgbImage } from '@lpr/core';
import { CropPreprocessor, loadModelMetadata, metadataPathFor, type ModelMetadata } from '@lpr/recognize';
import { calibrate } from './calibrate.js';
import { channelMaxChannelsLast, foldStaticShapes, poolAsDepthwiseConv, removeNoOps, reshapeInputs, shapeInputs } from './graph-rewrites.js';
import { decodeModel, encodeModel, graphOf, toNumber } from './onnx-graph.js';
import { insertQdq } from './qdq-insert.js';
import { planQdq } from './qdq-plan.js';
import { activationQuantization, type ActivationQuantization } from './quant-math.js';

export const DEFAULT_PERCENTILE = 99.99;

export interface QuantizeOptions {
  /** The float model (`models/lprnet-cn.onnx`), with its metadata JSON beside it. */
  modelPath: string;
  /** Where to write the int8 model; its metadata JSON goes beside it. */
  outputPath: string;
  /** Training-split plate crops of any size, preprocessed exactly as the runtime does. */
  crops: RgbImage[];
  /** Recorded in the metadata: where the crops came from. */
  calibration: { source: string; files: number };
  /** Activation ranges keep this share of the calibration values (100: min/max). Default 99.99. */
  percentile?: number;
}

export interface QuantizeResult {
  metadataPath: string;
  metadata: ModelMetadata;
  /** Convolutions now integer (average pools rewritten as depthwise convolutions included). */
  convs: number;
  activations: number;
  removedNoOps: number;
  /** Shape reads replaced by constants. */
  foldedShapes: number;
}

/**
 * Quantize an exported recognizer to INT8 in QDQ format, calibrated on real crops (see qdq-plan.ts for what is
 * quantized, graph-rewrites.ts for the exact rewrites that come first).
 */
export async function quantizeRecognizer(options: QuantizeOptions): Promise<QuantizeResult> {
  const percentile = options.percentile ?? DEFAULT_PERCENTILE;
  const metadata = await loadModelMetadata(metadataPathFor(options.modelPath));
  if (metadata.quantization) throw new LprError(`model ${options.modelPath} is already quantized; quantize the float model`);
  const bytes = await readFile(options.modelPath);
  const model = decodeModel(bytes);
  const graph = graphOf(model);
  const opset = toNumber(model.opsetImport.find((o) => !o.domain)?.version ?? 0);
  // Per-channel DequantizeLinear (the axis attribute) arrived in opset 13.
  if (opset < 13) throw new LprError(`model ${options.modelPath} has opset ${opset}; per-channel quantization needs 13 or newer (re-export it)`);

  const removedNoOps = removeNoOps(graph);
  const plan = planQdq(graph);
  if (plan.convs.length === 0) throw new LprError(`model ${options.modelPath} has no convolution to quantize`);

  const { input } = metadata;
  const preprocessor = new CropPreprocessor(input);
  const batches: Float32Array[] = [];
  for (let start = 0; start < options.crops.length; start += 32) batches.push(preprocessor.batch(options.crops.slice(start, start + 32)));
  const { statistics, dims } = await calibrate(
    model,
    plan.tensors,
    { name: input.name, batches, itemShape: [3, input.height, input.width] },
    percentile,
    [...shapeInputs(graph), ...reshapeInputs(graph)],
  );

  const foldedShapes = foldStaticShapes(graph, dims);
  for (const [name, statistic] of statistics) dims.set(name, statistic.dims);
  channelMaxChannelsLast(graph, dims);
  for (const pool of plan.pools) poolAsDepthwiseConv(graph, pool, statistics.get(pool.input[0]!)!.dims[1]!);
  const activations = new Map<string, ActivationQuantization>(
    plan.tensors.map((name) => {
      let source = name;
      while (plan.shared.has(source)) source = plan.shared.get(source)!;
      const { low, high } = statistics.get(source)!;
      return [name, activationQuantization(low, high)];
    }),
  );
  insertQdq(graph, [...plan.convs, ...plan.pools], activations);
  model.producerName = 'lpr quantize';
  await mkdir(dirname(options.outputPath), { recursive: true });
  await writeFile(options.outputPath, encodeModel(model));

  const quantized: ModelMetadata = {
    ...metadata,
    name: `${metadata.name}-int8`,
    quantization: {
      scheme: 'int8 static, QDQ: weights int8 per output channel (symmetric, 7-bit range [-63, 63]), bias int32, activations uint8 per tensor',
      activationRanges: percentile === 100 ? 'min/max over the calibration crops' : `percentile ${percentile} of the calibration values`,
      float: 'the spatial transformer (LocNet, sampling grid, GridSample) and the global-context normalization',
      calibration: { source: options.calibration.source, split: 'train (lpr_training.common.splits)', files: options.calibration.files, crops: options.crops.length },
      tool: 'lpr quantize (packages/quantize)',
      source: { model: basename(options.modelPath), version: metadata.version, sha256: createHash('sha256').update(bytes).digest('hex') },
      date: new Date().toISOString().slice(0, 10),
    },
  };
  const metadataPath = metadataPathFor(options.outputPath);
  await writeFile(metadataPath, JSON.stringify(quantized, null, 2) + '\n');
  return { metadataPath, metadata: quantized, convs: plan.convs.length + plan.pools.length, activations: activations.size, removedNoOps, foldedShapes };
}
