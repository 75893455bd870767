import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Histogram, WEIGHT_MAX, activationQuantization, quantizeBias, quantizeWeightsPerChannel, roundHalfEven } from '../src/quant-math.js';

describe('roundHalfEven', () => {
  it('rounds halves to the even neighbour, as QuantizeLinear does', () => {
    assert.deepEqual([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, -2.6].map(roundHalfEven), [0, 2, 2, -0, -2, -2, 2, -3]);
  });
});

describe('activationQuantization', () => {
  it('maps a ReLU range [0, max] to 0..255 with zero point 0', () => {
    const { scale, zeroPoint } = activationQuantization(0, 5.1);
    assert.equal(zeroPoint, 0);
    assert.ok(Math.abs(scale - 0.02) < 1e-12);
  });

  it('places the zero point so that 0.0 is exact in a signed range', () => {
    const { scale, zeroPoint } = activationQuantization(-1, 3);
    assert.ok(Math.abs(scale - 4 / 255) < 1e-12);
    assert.equal(zeroPoint, 64); // round(1 / (4 / 255)) = round(63.75)
  });

  it('widens a range that excludes 0', () => {
    const positive = activationQuantization(2, 2.55);
    assert.equal(positive.zeroPoint, 0);
    assert.ok(Math.abs(positive.scale - 0.01) < 1e-12);
    const negative = activationQuantization(-2.55, -1);
    assert.equal(negative.zeroPoint, 255);
    assert.ok(Math.abs(negative.scale - 0.01) < 1e-12);
  });

  it('handles a constant-zero tensor and rejects a reversed range', () => {
    assert.deepEqual(activationQuantization(0, 0), { scale: 1, zeroPoint: 0 });
    assert.throws(() => activationQuantization(1, 0), RangeError);
    assert.throws(() => activationQuantization(0, NaN), RangeError);
  });
});

describe('quantizeWeightsPerChannel', () => {
  it('gives each output channel its own symmetric scale, max |w| / WEIGHT_MAX', () => {
    assert.equal(WEIGHT_MAX, 63);
    // Two channels of three weights.
    const { values, scales } = quantizeWeightsPerChannel(Float32Array.of(0.5, -1, 0.25, 0.063, 0, -0.0315), 2);
    assert.deepEqual(Array.from(scales), [Math.fround(1 / 63), Math.fround(0.001)]);
    // 0.5 * 63 = 31.5 -> 32 (half to even), 0.25 * 63 = 15.75 -> 16; 0.0315 / 0.001 = 31.5 -> -32.
    assert.deepEqual(Array.from(values), [32, -63, 16, 63, 0, -32]);
  });

  it('keeps an all-zero channel at zero with a usable scale', () => {
    const { values, scales } = quantizeWeightsPerChannel(new Float32Array(4), 2);
    assert.deepEqual(Array.from(values), [0, 0, 0, 0]);
    assert.deepEqual(Array.from(scales), [1, 1]);
  });

  it('rejects weights that do not split into the channels', () => {
    assert.throws(() => quantizeWeightsPerChannel(new Float32Array(5), 2), RangeError);
  });
});

describe('quantizeBias', () => {
  it('stores the bias as int32 at input scale x weight scale per channel', () => {
    const { values, scales } = quantizeBias(Float32Array.of(1, -0.5), 0.5, Float32Array.of(0.01, 0.1));
    assert.deepEqual(Array.from(scales), [Math.fround(0.005), Math.fround(0.05)]);
    assert.deepEqual(Array.from(values), [200, -10]);
  });

  it('checks that bias and weights have the same channels', () => {
    assert.throws(() => quantizeBias(Float32Array.of(1), 1, Float32Array.of(1, 1)), RangeError);
  });
});

describe('Histogram', () => {
  it('gives [min, max] at percentile 100', () => {
    const histogram = new Histogram(-1, 4, 10);
    histogram.add([-1, 0, 4]);
    assert.deepEqual(histogram.range(100), [-1, 4]);
  });

  it('clips rare outliers at a lower percentile, on both sides', () => {
    // 1000 values spread over [0, 1), one outlier at 100 and one at -100: 0.2% of the values.
    const values = [...Array.from({ length: 1000 }, (_, i) => i / 1000), 100, -100];
    const histogram = new Histogram(-100, 100, 2000);
    histogram.add(values);
    const [low, high] = histogram.range(99.8);
    assert.ok(low >= -0.1 && low <= 0, `low ${low}`);
    assert.ok(high >= 1 && high <= 1.1, `high ${high}`);
    assert.deepEqual(histogram.range(100), [-100, 100]);
  });

  it('rejects a percentile outside (0, 100]', () => {
    assert.throws(() => new Histogram(0, 1).range(0), RangeError);
    assert.throws(() => new Histogram(0, 1).range(101), RangeError);
  });
});
