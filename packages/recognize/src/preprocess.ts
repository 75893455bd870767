import type { RgbImage } from '@lpr/core';
import type { ModelInputSpec } from './model-metadata.js';
import { ResizeTaps } from './resize-taps.js';

/**
 * Crops of any size → the model's NCHW float input: resize to the input size and `(pixel - mean) / std`, fused in
 * one pass. The resize is the one the model was trained with, OpenCV's INTER_AREA (see ResizeTaps), rounded to
 * whole 8-bit values as OpenCV's uint8 resize does; a plain bilinear resize (core's `resizeRgb`) aliases when
 * shrinking the typical detector crop and would feed the model inputs unlike its training data.
 * Buffers are reused, so a crop allocates nothing once crops of its width have been seen.
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
  /** The source rows of one output row, mixed with their vertical weights: a full-width RGB row. */
  private mixedRow = new Float64Array(0);

  constructor(private readonly input: Pick<ModelInputSpec, 'width' | 'height' | 'colorOrder' | 'mean' | 'std'>) {
    this.planeSize = input.width * input.height;
    this.itemSize = 3 * this.planeSize;
    this.planeOf = input.colorOrder === 'RGB' ? [0, 1, 2] : [2, 1, 0];
    this.mean = input.mean;
    this.inverseStd = [1 / input.std[0], 1 / input.std[1], 1 / input.std[2]];
    this.columns = new ResizeTaps(input.width);
    this.rows = new ResizeTaps(input.height);
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
    const { columns, rows, planeSize, mean, inverseStd } = this;
    // OpenCV averages areas only when neither axis grows.
    if (sw >= width && sh >= height) {
      columns.area(sw);
      rows.area(sh);
    } else {
      columns.enlarge(sw);
      rows.enlarge(sh);
    }
    const sourceRowSize = sw * 3;
    if (this.mixedRow.length < sourceRowSize) this.mixedRow = new Float64Array(sourceRowSize);
    const mixed = this.mixedRow;
    const planeR = this.planeOf[0];
    const planeG = this.planeOf[1];
    const planeB = this.planeOf[2];
    const meanR = mean[planeR]!;
    const meanG = mean[planeG]!;
    const meanB = mean[planeB]!;
    const scaleR = inverseStd[planeR]!;
    const scaleG = inverseStd[planeG]!;
    const scaleB = inverseStd[planeB]!;
    const { first: colFirst, source: colSource, weight: colWeight } = columns;

    // Separable, vertical pass first: it runs over contiguous bytes, leaving the indexed horizontal taps only
    // `height` rows to do.
    for (let y = 0; y < height; y++) {
      const firstTap = rows.first[y]!;
      const endTap = rows.first[y + 1]!;
      for (let ty = firstTap; ty < endTap; ty++) {
        const from = rows.source[ty]! * sourceRowSize;
        const wy = rows.weight[ty]!;
        if (ty === firstTap) for (let i = 0; i < sourceRowSize; i++) mixed[i] = data[from + i]! * wy;
        else for (let i = 0; i < sourceRowSize; i++) mixed[i] = mixed[i]! + data[from + i]! * wy;
      }
      const rowOffset = offset + y * width;
      for (let x = 0; x < width; x++) {
        let r = 0;
        let g = 0;
        let b = 0;
        for (let tx = colFirst[x]!; tx < colFirst[x + 1]!; tx++) {
          const s = colSource[tx]! * 3;
          const w = colWeight[tx]!;
          r += mixed[s]! * w;
          g += mixed[s + 1]! * w;
          b += mixed[s + 2]! * w;
        }
        out[rowOffset + planeR * planeSize + x] = (Math.round(r) - meanR) * scaleR;
        out[rowOffset + planeG * planeSize + x] = (Math.round(g) - meanG) * scaleG;
        out[rowOffset + planeB * planeSize + x] = (Math.round(b) - meanB) * scaleB;
      }
    }
  }
}
