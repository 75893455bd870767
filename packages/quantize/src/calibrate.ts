import { InferenceSession, Tensor } from 'onnxruntime-node';
import { addFloatOutput, cloneModel, encodeModel, graphOf, type Model } from './onnx-graph.js';
import { Histogram } from './quant-math.js';

export interface CalibrationInput {
  /** The model's input name. */
  name: string;
  /** Preprocessed batches, each [n, ...itemShape] flattened. */
  batches: Float32Array[];
  /** Shape of one item, e.g. [3, 24, 94]. */
  itemShape: number[];
}

export interface TensorStatistics {
  /** Dimensions for one batch item (batch dimension 1). */
  dims: number[];
  min: number;
  max: number;
  /** The percentile range used for quantization. */
  low: number;
  high: number;
}

export interface Calibration {
  statistics: Map<string, TensorStatistics>;
  /** Dimensions for one batch item of the `shapesOf` tensors. */
  dims: Map<string, number[]>;
}

/**
 * Run the float model over the calibration batches in onnxruntime-node, with the listed intermediate tensors added
 * as outputs, and measure each one's range: a first pass for [min, max], a second for a histogram over it, clipped
 * to `percentile` (100: plain min/max). Of the `shapesOf` tensors only the dimensions are kept.
 */
export async function calibrate(model: Model, tensors: string[], input: CalibrationInput, percentile: number, shapesOf: string[] = []): Promise<Calibration> {
  const probe = cloneModel(model);
  const outputs = [...new Set([...tensors, ...shapesOf])];
  for (const name of outputs) addFloatOutput(graphOf(probe), name);
  const session = await InferenceSession.create(encodeModel(probe), { executionProviders: ['cpu'], graphOptimizationLevel: 'all' });
  const itemSize = input.itemShape.reduce((a, b) => a * b, 1);
  const run = (batch: Float32Array) =>
    session.run({ [input.name]: new Tensor('float32', batch, [batch.length / itemSize, ...input.itemShape]) }, outputs);

  const extremes = new Map<string, { dims: number[]; min: number; max: number }>();
  const dims = new Map<string, number[]>();
  try {
    for (const batch of input.batches) {
      const results = await run(batch);
      for (const name of shapesOf) dims.set(name, [1, ...results[name]!.dims.slice(1)]);
      for (const name of tensors) {
        const output = results[name]!;
        const data = output.data as Float32Array;
        let min = Infinity;
        let max = -Infinity;
        for (let i = 0; i < data.length; i++) {
          const v = data[i]!;
          if (v < min) min = v;
          if (v > max) max = v;
        }
        const seen = extremes.get(name);
        extremes.set(name, {
          dims: [1, ...output.dims.slice(1)],
          min: Math.min(min, seen?.min ?? Infinity),
          max: Math.max(max, seen?.max ?? -Infinity),
        });
      }
    }
    const histograms = new Map(tensors.map((name) => [name, new Histogram(extremes.get(name)!.min, extremes.get(name)!.max)]));
    if (percentile < 100) {
      for (const batch of input.batches) {
        const results = await run(batch);
        for (const name of tensors) histograms.get(name)!.add(results[name]!.data as Float32Array);
      }
    }
    const statistics = new Map(
      tensors.map((name) => {
        const { dims: itemDims, min, max } = extremes.get(name)!;
        const [low, high] = histograms.get(name)!.range(percentile);
        return [name, { dims: itemDims, min, max, low, high }];
      }),
    );
    return { statistics, dims };
  } finally {
    await session.release();
  }
}
