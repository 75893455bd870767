import type { RgbImage } from '@lpr/core';
import type { ModelInputSpec } from './model-metadata.js';

/**
 * Crops of any size → the model's NCHW float input: bilinear resize to the input size and `(pixel - mean) / std`,
 * fused in one pass. The arithmetic is that of core's `resizeRgb` (including rounding to whole 8-bit values, as
 * the training pipeline's uint8 resize does), so the tensor equals resize-then-normalize, without the
 * intermediate image. Interpolation tables are allocated once, at construction; a crop allocates nothing.
 */
export class CropPreprocessor {
  /** Floats per crop in the tensor: channels x height x width. */
  readonly itemSize: number;
  private readonly planeSize: number;
  /** Tensor plane that each RGB channel goes to (the model may want BGR). */
  private readonly planeOf: [number, number, number];
  private readonly mean: [number, number, number];
  private readonly inverseStd: [number, number, number];
  // Per output column: byte offsets of the two source pixels and the weight of the right one.
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly rightWeight: Float64Array;

  constructor(private readonly input: Pick<ModelInputSpec, 'width' | 'height' | 'colorOrder' | 'mean' | 'std'>) {
    this.planeSize = input.width * input.height;
    this.itemSize = 3 * this.planeSize;
    this.planeOf = input.colorOrder === 'RGB' ? [0, 1, 2] : [2, 1, 0];
    this.mean = input.mean;
    this.inverseStd = [1 / input.std[0], 1 / input.std[1], 1 / input.std[2]];
    this.left = new Int32Array(input.width);
    this.right = new Int32Array(input.width);
    this.rightWeight = new Float64Array(input.width);
  }

  /** One tensor for the whole batch, crop i at offset i * itemSize. */
  batch(images: readonly RgbImage[]): Float32Array {
    const out = new Float32Array(images.length * this.itemSize);
    images.forEach((image, i) => this.write(image, out, i * this.itemSize));
    return out;
  }

  /** Write one crop's planes into `out` starting at `offset`. */
  write(image: RgbImage, out: Float32Array, offset: number): void {
    const { width: sw, height: sh, data } = image;
    if (!(sw >= 1 && sh >= 1) || data.length !== sw * sh * 3) {
      throw new RangeError(`crop is not ${sw}x${sh} RGB: it holds ${data.length} bytes, expected ${sw * sh * 3}`);
    }
    const { width, height } = this.input;
    const { left, right, rightWeight, mean, inverseStd, planeSize } = this;
    const sx = sw / width;
    for (let x = 0; x < width; x++) {
      const fx = Math.max(0, (x + 0.5) * sx - 0.5);
      const x0 = Math.min(Math.floor(fx), sw - 1);
      left[x] = x0 * 3;
      right[x] = Math.min(x0 + 1, sw - 1) * 3;
      rightWeight[x] = fx - x0;
    }
    const sy = sh / height;
    for (let y = 0; y < height; y++) {
      const fy = Math.max(0, (y + 0.5) * sy - 0.5);
      const y0 = Math.min(Math.floor(fy), sh - 1);
      const top = y0 * sw * 3;
      const bottom = Math.min(y0 + 1, sh - 1) * sw * 3;
      const wy = fy - y0;
      for (let k = 0; k < 3; k++) {
        const plane = this.planeOf[k]!;
        const m = mean[plane]!;
        const s = inverseStd[plane]!;
        const row = offset + plane * planeSize + y * width;
        for (let x = 0; x < width; x++) {
          const a = data[top + left[x]! + k]!;
          const b = data[top + right[x]! + k]!;
          const c = data[bottom + left[x]! + k]!;
          const d = data[bottom + right[x]! + k]!;
          const wx = rightWeight[x]!;
          const upper = a + (b - a) * wx;
          const lower = c + (d - c) * wx;
          out[row + x] = (Math.round(upper + (lower - upper) * wy) - m) * s;
        }
      }
    }
  }
}
