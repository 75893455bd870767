/**
 * The arithmetic of INT8 static quantization, as onnxruntime's QuantizeLinear / DequantizeLinear define it:
 * `q = saturate(round(x / scale) + zeroPoint)`, `x ≈ (q - zeroPoint) * scale`, rounding half to even.
 */

/** uint8 activations: any range, the zero point placed so that 0.0 is exact (padding and ReLU zeros). */
export interface ActivationQuantization {
  scale: number;
  /** 0..255. */
  zeroPoint: number;
}

/**
 * The largest weight magnitude: 7 bits, not 8 ("reduce range"). On AVX2 without VNNI, onnxruntime multiplies uint8
 * activations by int8 weights with VPMADDUBSW, which adds two products into an int16 and saturates: 255 x 127 x 2
 * overflows it, 255 x 63 x 2 = 32130 does not. With [-127, 127] weights the CN model lost 1 point of greedy accuracy
 * on its validation crops; with [-63, 63] it reads every crop as the float model does.
 */
export const WEIGHT_MAX = 63;

/** Weights: symmetric int8 in [-WEIGHT_MAX, WEIGHT_MAX] (zero point 0), one scale per output channel. */
export interface ChannelQuantization {
  values: Int8Array;
  scales: Float32Array;
}

/** Round half to even, as QuantizeLinear does. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Scale and zero point that map [low, high] onto 0..255. The range is widened to contain 0, so that 0.0 is
 * represented exactly: a range starting at 0 (a ReLU output) gets zero point 0, which lets onnxruntime drop the ReLU.
 */
export function activationQuantization(low: number, high: number): ActivationQuantization {
  if (!(Number.isFinite(low) && Number.isFinite(high) && low <= high)) {
    throw new RangeError(`invalid activation range [${low}, ${high}]`);
  }
  const lo = Math.min(low, 0);
  const hi = Math.max(high, 0);
  // A constant-zero tensor: any scale represents it; 1 keeps the graph valid.
  if (hi === lo) return { scale: 1, zeroPoint: 0 };
  const scale = (hi - lo) / 255;
  const zeroPoint = Math.min(255, Math.max(0, roundHalfEven(-lo / scale)));
  return { scale, zeroPoint };
}

/**
 * Per-output-channel symmetric int8 weights: channel c's scale is max|w| / WEIGHT_MAX over its `values.length / channels`
 * consecutive weights (ONNX Conv weights are [out, in, kh, kw], so channel c is one contiguous block).
 */
export function quantizeWeightsPerChannel(weights: Float32Array, channels: number): ChannelQuantization {
  if (!Number.isInteger(channels) || channels < 1 || weights.length % channels !== 0) {
    throw new RangeError(`${weights.length} weights do not split into ${channels} channels`);
  }
  const perChannel = weights.length / channels;
  const values = new Int8Array(weights.length);
  const scales = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const start = c * perChannel;
    let maxAbs = 0;
    for (let i = start; i < start + perChannel; i++) maxAbs = Math.max(maxAbs, Math.abs(weights[i]!));
    // An all-zero channel quantizes to zeros under any scale.
    const scale = maxAbs > 0 ? maxAbs / WEIGHT_MAX : 1;
    scales[c] = scale;
    for (let i = start; i < start + perChannel; i++) {
      values[i] = Math.min(WEIGHT_MAX, Math.max(-WEIGHT_MAX, roundHalfEven(weights[i]! / scale)));
    }
  }
  return { values, scales };
}

/**
 * int32 bias for an integer convolution: channel c is accumulated at scale inputScale x weightScales[c], so the bias
 * must be stored at that scale (zero point 0), as onnxruntime's QLinearConv expects.
 */
export function quantizeBias(bias: Float32Array, inputScale: number, weightScales: Float32Array): { values: Int32Array; scales: Float32Array } {
  if (bias.length !== weightScales.length) {
    throw new RangeError(`bias has ${bias.length} channels but the weights have ${weightScales.length}`);
  }
  const scales = new Float32Array(bias.length);
  const values = new Int32Array(bias.length);
  for (let c = 0; c < bias.length; c++) {
    scales[c] = inputScale * weightScales[c]!;
    values[c] = Math.min(2 ** 31 - 1, Math.max(-(2 ** 31), roundHalfEven(bias[c]! / scales[c]!)));
  }
  return { values, scales };
}

/**
 * Value counts of one tensor over a calibration set, in equal bins over its [min, max] (found in a first pass).
 * Its percentile range clips the rare outliers that would otherwise stretch the 256 levels over values that hardly
 * occur; the range of the percentile 100 is the plain [min, max].
 */
export class Histogram {
  readonly counts: Float64Array;
  private total = 0;

  constructor(
    readonly min: number,
    readonly max: number,
    bins = 4096,
  ) {
    if (!(min <= max)) throw new RangeError(`invalid histogram range [${min}, ${max}]`);
    this.counts = new Float64Array(bins);
  }

  add(values: ArrayLike<number>): void {
    const bins = this.counts.length;
    const width = (this.max - this.min) / bins;
    const last = bins - 1;
    for (let i = 0; i < values.length; i++) {
      const bin = width > 0 ? Math.floor((values[i]! - this.min) / width) : 0;
      this.counts[bin < 0 ? 0 : bin > last ? last : bin]! += 1;
    }
    this.total += values.length;
  }

  /**
   * [low, high] holding all but (100 - percentile)% of the values, that share split between the two tails: the
   * low edge of the bin where the lower tail ends and the high edge of the bin where the upper one starts.
   */
  range(percentile: number): [number, number] {
    if (!(percentile > 0 && percentile <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${percentile}`);
    if (percentile === 100 || this.total === 0) return [this.min, this.max];
    const tail = (this.total * (100 - percentile)) / 200;
    const width = (this.max - this.min) / this.counts.length;
    let below = 0;
    let lowBin = 0;
    while (lowBin < this.counts.length - 1 && below + this.counts[lowBin]! <= tail) below += this.counts[lowBin++]!;
    let above = 0;
    let highBin = this.counts.length - 1;
    while (highBin > lowBin && above + this.counts[highBin]! <= tail) above += this.counts[highBin--]!;
    return [this.min + lowBin * width, this.min + (highBin + 1) * width];
  }
}
