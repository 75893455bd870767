/**
 * A hand-built ONNX "LPRNet" whose answer is known: it reads one class per timestep from the red level of a
 * 5-pixel column band, so a crop painted with `paintPlate` makes it output exactly the labels painted. Lets the
 * recognizer's plumbing (tensor layout, batching, blank position, charset mapping) be tested without a trained
 * model. The protobuf is written by hand (a few ONNX fields), since nothing here can write ONNX.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RgbImage } from '@lpr/core';
import { validMetadata } from './fixtures.js';

const WIDTH = 94;
const HEIGHT = 24;
/** Columns per timestep: a 5-wide, stride-5 convolution over 94 columns gives 18 timesteps, as LPRNet has. */
const BAND = 5;
const TIMESTEPS = Math.floor((WIDTH - BAND) / BAND) + 1;
/** u = SPREAD * (normalized red + 1) is the class read; it must reach the last class at red 255 or less. */
const SPREAD = 36.5;
/** Logit gap between neighbouring classes; large enough for near-certain reads. */
const SHARPNESS = 20;

/** Red level that makes the model read class `c`. */
function redFor(c: number): number {
  return Math.round((c * 128) / SPREAD - 0.5);
}

/** A 94x24 crop whose timestep t reads class labels[t] (missing timesteps read `fill`). */
export function paintPlate(labels: number[], fill: number): RgbImage {
  const data = new Uint8Array(WIDTH * HEIGHT * 3);
  for (let x = 0; x < WIDTH; x++) {
    const red = redFor(labels[Math.floor(x / BAND)] ?? fill);
    for (let y = 0; y < HEIGHT; y++) data[(y * WIDTH + x) * 3] = red;
  }
  return { width: WIDTH, height: HEIGHT, data };
}

/**
 * Write `<dir>/<name>.onnx` and its metadata for `charset` (blank at `blankIndex`), output in `layout`, batch
 * dimension dynamic unless `fixedBatch` is given.
 * Class c's logit is SHARPNESS * (c * u - c² / 2), largest at c = u: linear in the input, so one Conv computes it.
 */
export async function writeSyntheticModel(
  dir: string,
  name: string,
  options: { charset: string[]; blankIndex: number; country: string; layout: 'NCT' | 'NTC'; fixedBatch?: number },
): Promise<string> {
  const classes = options.charset.length + 1;
  const batch = options.fixedBatch ?? 'N';
  const kernel = 3 * HEIGHT * BAND;
  const weights = new Float32Array(classes * kernel);
  const bias = new Float32Array(classes);
  for (let c = 0; c < classes; c++) {
    // Only the red channel (the first HEIGHT * BAND weights of each class) counts; the window's sum of
    // normalized red is HEIGHT * BAND times its mean.
    weights.fill((SHARPNESS * SPREAD * c) / (HEIGHT * BAND), c * kernel, c * kernel + HEIGHT * BAND);
    bias[c] = SHARPNESS * (SPREAD * c - (c * c) / 2);
  }
  const nodes = [
    node('Conv', ['input', 'W', 'B'], ['features'], [ints('kernel_shape', [HEIGHT, BAND]), ints('strides', [1, BAND])]),
    node('Squeeze', ['features'], [options.layout === 'NCT' ? 'logits' : 'nct'], [ints('axes', [2])]),
    ...(options.layout === 'NTC' ? [node('Transpose', ['nct'], ['logits'], [ints('perm', [0, 2, 1])])] : []),
  ];
  const graph = message([
    ...nodes.map((n) => field(1, n)),
    field(2, 'synthetic-lprnet'),
    field(5, tensor('W', [classes, 3, HEIGHT, BAND], weights)),
    field(5, tensor('B', [classes], bias)),
    field(11, valueInfo('input', [batch, 3, HEIGHT, WIDTH])),
    field(12, valueInfo('logits', options.layout === 'NCT' ? [batch, classes, TIMESTEPS] : [batch, TIMESTEPS, classes])),
  ]);
  const model = message([varintField(1, 7), field(8, message([field(1, ''), varintField(2, 11)])), field(7, graph)]);
  const modelPath = join(dir, `${name}.onnx`);
  await writeFile(modelPath, model);
  const metadata = {
    ...validMetadata,
    name,
    country: options.country,
    output: { ...validMetadata.output, layout: options.layout, timesteps: TIMESTEPS },
    charset: options.charset,
    blankIndex: options.blankIndex,
  };
  await writeFile(join(dir, `${name}.json`), JSON.stringify(metadata));
  return modelPath;
}

// --- protobuf, just enough of it (wire types 0: varint, 2: length-delimited) ---

function varint(value: number): number[] {
  const out: number[] = [];
  let v = BigInt(value);
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? byte | 0x80 : byte);
  } while (v > 0n);
  return out;
}

function varintField(number: number, value: number): Uint8Array {
  return Uint8Array.from([...varint(number << 3), ...varint(value)]);
}

function field(number: number, value: string | Uint8Array): Uint8Array {
  const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
  return message([Uint8Array.from([...varint((number << 3) | 2), ...varint(bytes.length)]), bytes]);
}

function message(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** AttributeProto of type INTS (7). */
function ints(name: string, values: number[]): Uint8Array {
  return message([field(1, name), ...values.map((v) => varintField(8, v)), varintField(20, 7)]);
}

function node(opType: string, inputs: string[], outputs: string[], attributes: Uint8Array[]): Uint8Array {
  return message([...inputs.map((i) => field(1, i)), ...outputs.map((o) => field(2, o)), field(4, opType), ...attributes.map((a) => field(5, a))]);
}

/** TensorProto of FLOAT (1) with raw little-endian data. */
function tensor(name: string, dims: number[], values: Float32Array): Uint8Array {
  const raw = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return message([...dims.map((d) => varintField(1, d)), varintField(2, 1), field(8, name), field(9, raw)]);
}

/** ValueInfoProto of a FLOAT tensor; string dims are symbolic. */
function valueInfo(name: string, dims: (number | string)[]): Uint8Array {
  const shape = message(dims.map((d) => field(1, typeof d === 'number' ? varintField(1, d) : field(2, d))));
  return message([field(1, name), field(2, field(1, message([varintField(1, 1), field(2, shape)])))]);
}
