import { readFile } from 'node:fs/promises';
import { LprError } from '@lpr/core';
import { FieldReader } from './field-reader.js';

export const MODEL_METADATA_FORMAT = 'lpr-model/1';

/** `models/lprnet-<country>.json`, written beside the `.onnx` by the exporter: everything needed to run it. */
export interface ModelMetadata {
  format: typeof MODEL_METADATA_FORMAT;
  name: string;
  country: string;
  version: string;
  architecture: { family: string; variant: string; stn: boolean; params: number; gflops: number };
  input: ModelInputSpec;
  output: ModelOutputSpec;
  /** The non-blank classes in order; the blank sits at `blankIndex` among the `charset.length + 1` classes. */
  charset: string[];
  blankIndex: number;
  /** How the model was trained; informational, passed through unvalidated. */
  training: Record<string, unknown>;
  /** Present on an int8 model made by `lpr quantize`: scheme, calibration set, float source; informational. */
  quantization?: Record<string, unknown>;
}

export interface ModelInputSpec {
  name: string;
  width: number;
  height: number;
  channels: 3;
  colorOrder: 'RGB' | 'BGR';
  layout: 'NCHW';
  /** Per channel, in `colorOrder`: the model sees `(pixel - mean) / std`. */
  mean: [number, number, number];
  std: [number, number, number];
}

export interface ModelOutputSpec {
  name: string;
  /** N batch, C classes, T timesteps. */
  layout: 'NCT' | 'NTC';
  timesteps: number;
  /** What the graph already applied over the class axis; the recognizer turns any of them into probabilities. */
  activation: 'none' | 'softmax' | 'log_softmax';
}

/** `lprnet-cn.onnx` → `lprnet-cn.json`. */
export function metadataPathFor(modelPath: string): string {
  return modelPath.replace(/(\.onnx)?$/i, '.json');
}

export async function loadModelMetadata(file: string): Promise<ModelMetadata> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw new LprError(
      `model metadata ${file} not found: it is written beside the .onnx by the exporter; run npm run export:recognizer`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new LprError(`invalid model metadata ${file}: not JSON (${(err as Error).message}); re-export the model`);
  }
  return parseModelMetadata(json, file);
}

/** Validate parsed metadata JSON; `file` names it in errors. */
export function parseModelMetadata(json: unknown, file: string): ModelMetadata {
  const reader = new FieldReader(`model metadata ${file}`);
  const root = reader.object(json, '(file)');
  if (root.format !== MODEL_METADATA_FORMAT) {
    reader.fail('format', `must be "${MODEL_METADATA_FORMAT}", got ${JSON.stringify(root.format)} (a newer exporter?)`);
  }

  const arch = reader.object(root.architecture, 'architecture');
  const input = reader.object(root.input, 'input');
  const output = reader.object(root.output, 'output');
  const triple = (value: unknown, path: string, positive: boolean): [number, number, number] => {
    const list = reader.array(value, path);
    if (list.length !== 3) reader.fail(path, `must list one number per channel (3), got ${list.length}`);
    const [a, b, c] = list.map((v, i) => reader.number(v, `${path}[${i}]`, positive ? { min: 0, exclusiveMin: true } : {}));
    return [a!, b!, c!];
  };
  const channels = reader.number(input.channels, 'input.channels', { integer: true });
  if (channels !== 3) reader.fail('input.channels', `must be 3 (the recognizer feeds colour crops), got ${channels}`);

  const charset = reader.characters(root.charset, 'charset');
  const blankIndex = reader.number(root.blankIndex, 'blankIndex', { integer: true, min: 0 });
  if (blankIndex > charset.length) {
    reader.fail('blankIndex', `must be at most ${charset.length} (the class count minus one), got ${blankIndex}`);
  }
  const training = root.training === undefined ? {} : reader.object(root.training, 'training');
  const quantization = root.quantization === undefined ? undefined : reader.object(root.quantization, 'quantization');

  return {
    format: MODEL_METADATA_FORMAT,
    name: reader.string(root.name, 'name'),
    country: reader.string(root.country, 'country'),
    version: reader.string(root.version, 'version'),
    architecture: {
      family: reader.string(arch.family, 'architecture.family'),
      variant: reader.string(arch.variant, 'architecture.variant'),
      stn: reader.boolean(arch.stn, 'architecture.stn'),
      params: reader.number(arch.params, 'architecture.params', { min: 0 }),
      gflops: reader.number(arch.gflops, 'architecture.gflops', { min: 0 }),
    },
    input: {
      name: reader.string(input.name, 'input.name'),
      width: reader.number(input.width, 'input.width', { integer: true, min: 1 }),
      height: reader.number(input.height, 'input.height', { integer: true, min: 1 }),
      channels: 3,
      colorOrder: reader.oneOf(input.colorOrder, 'input.colorOrder', ['RGB', 'BGR'] as const),
      layout: reader.oneOf(input.layout, 'input.layout', ['NCHW'] as const),
      mean: triple(input.mean, 'input.mean', false),
      std: triple(input.std, 'input.std', true),
    },
    output: {
      name: reader.string(output.name, 'output.name'),
      layout: reader.oneOf(output.layout, 'output.layout', ['NCT', 'NTC'] as const),
      timesteps: reader.number(output.timesteps, 'output.timesteps', { integer: true, min: 1 }),
      activation: reader.oneOf(output.activation, 'output.activation', ['none', 'softmax', 'log_softmax'] as const),
    },
    charset,
    blankIndex,
    training,
    ...(quantization ? { quantization } : {}),
  };
}

/** Character of each output class, `''` for the blank: index it with decoded labels. */
export function classCharacters(metadata: Pick<ModelMetadata, 'charset' | 'blankIndex'>): string[] {
  const chars = [...metadata.charset];
  chars.splice(metadata.blankIndex, 0, '');
  return chars;
}
