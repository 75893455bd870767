import type { RgbImage } from '@lpr/core';
import type { ModelInputSpec } from './model-metadata.js';
import { ResizeTaps } from './resize-taps.js';

/**
 * Crops of any size → the model's NCHW float input: resize to the input size and `(pixel - mean) / std`, fused in
 * one pass. The resize is the one the model was trained with, OpenCV's INTER_AREA (see ResizeTaps), rounded to
 * whole 8-bit values as OpenCV's uint8 resize does; a plain bilinear resize (core's `resizeRgb`) aliases when
 * shrinking the typical detector crop and would feed the model inputs unlike its training data.
 * Buffers are reused, so a crop allocates nothing once crops of its size have been seen.
 */
export class CropPreprocessor {
  /** Floats per crop in the tensor: channels x height x width. */
  readonly itemSize: number;
  private readonly planeSize: number;
  /** Tensor plane that each RGB channel goes to (the model may want BGR). */
  private readonly planeOf: [number, number, number];
  private readonly mean: [number, number, number];
  private readonly inverseStd: [number, number, number];
  private readonly columns: ResizeTaps;
  private readonly rows: ResizeTaps;
  /** One output row being accumulated, RGB interleaved. */
  private readonly row: Float64Array;

  constructor(private readonly input: Pick<ModelInputSpec, 'width' | 'height' | 'colorOrder' | 'mean' | 'std'>) {
    this.planeSize = input.width * input.height;
    this.itemSize = 3 * this.planeSize;
    this.planeOf = input.colorOrder === 'RGB' ? [0, 1, 2] : [2, 1, 0];
    this.mean = input.mean;
    this.inverseStd = [1 / input.std[0], 1 / input.std[1], 1 / input.std[2]];
    this.columns = new ResizeTaps(input.width);
    this.rows = new ResizeTaps(input.height);
    this.row = new Float64Array(input.width * 3);
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
    const { columns, rows, row, planeSize, planeOf, mean, inverseStd } = this;
    // OpenCV averages areas only when neither axis grows.
    if (sw >= width && sh >= height) {
      columns.area(sw);
      rows.area(sh);
    } else {
      columns.enlarge(sw);
      rows.enlarge(sh);
    }
    const { first: colFirst, source: colSource, weight: colWeight } = columns;

    for (let y = 0; y < height; y++) {
      row.fill(0);
      for (let ty = rows.first[y]!; ty < rows.first[y + 1]!; ty++) {
        const rowStart = rows.source[ty]! * sw * 3;
        const wy = rows.weight[ty]!;
        for (let x = 0, o = 0; x < width; x++, o += 3) {
          let r = 0;
          let g = 0;
          let b = 0;
          for (let tx = colFirst[x]!; tx < colFirst[x + 1]!; tx++) {
            const s = rowStart + colSource[tx]! * 3;
            const w = colWeight[tx]!;
            r += data[s]! * w;
            g += data[s + 1]! * w;
            b += data[s + 2]! * w;
          }
          row[o] = row[o]! + r * wy;
          row[o + 1] = row[o + 1]! + g * wy;
          row[o + 2] = row[o + 2]! + b * wy;
        }
      }
      for (let k = 0; k < 3; k++) {
        const plane = planeOf[k]!;
        const m = mean[plane]!;
        const s = inverseStd[plane]!;
        const base = offset + plane * planeSize + y * width;
        for (let x = 0; x < width; x++) out[base + x] = (Math.round(row[x * 3 + k]!) - m) * s;
      }
    }
  }
}
