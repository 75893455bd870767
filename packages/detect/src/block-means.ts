import { luma, type RgbImage } from '@lpr/core';

/** An image shrunk by averaging: `rgb` holds each block's mean red, green and blue (0-255), interleaved. */
export interface BlockMeans {
  width: number;
  height: number;
  rgb: Float32Array;
}

/** An image shrunk by averaging, in grey: `data` holds the luma (BT.601) of each block's mean colour. */
export interface GrayBlockMeans {
  width: number;
  height: number;
  data: Float32Array;
}

/** Mean colour of each whole `step` x `step` block of the image (a partial block at the right or bottom is dropped). */
export function blockMeans(image: RgbImage, step: number): BlockMeans {
  const { width, height } = blockGrid(image, step);
  const rgb = new Float32Array(width * height * 3);
  const area = step * step;
  sumBlocks(image, step, (i, r, g, b) => {
    rgb[3 * i] = r / area;
    rgb[3 * i + 1] = g / area;
    rgb[3 * i + 2] = b / area;
  });
  return { width, height, rgb };
}

/** The luma of `blockMeans`' colours, without keeping the colours (the same float32 means, so the same values). */
export function grayBlockMeans(image: RgbImage, step: number): GrayBlockMeans {
  const { width, height } = blockGrid(image, step);
  const data = new Float32Array(width * height);
  const area = step * step;
  sumBlocks(image, step, (i, r, g, b) => {
    data[i] = luma(Math.fround(r / area), Math.fround(g / area), Math.fround(b / area));
  });
  return { width, height, data };
}

/** Whole blocks across and down. */
function blockGrid(image: RgbImage, step: number): { width: number; height: number } {
  return { width: Math.floor(image.width / step), height: Math.floor(image.height / step) };
}

/** Calls `use` with each whole block's index (row by row) and its summed red, green and blue. */
function sumBlocks(image: RgbImage, step: number, use: (block: number, r: number, g: number, b: number) => void): void {
  const { width, height } = blockGrid(image, step);
  const { data } = image;
  if (step === 1) {
    // Each pixel its own block: the loops over a block's rows and columns would cost more than the sums.
    for (let i = 0; i < width * height; i++) use(i, data[3 * i]!, data[3 * i + 1]!, data[3 * i + 2]!);
    return;
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let dy = 0; dy < step; dy++) {
        let o = ((y * step + dy) * image.width + x * step) * 3;
        for (let dx = 0; dx < step; dx++, o += 3) {
          r += data[o]!;
          g += data[o + 1]!;
          b += data[o + 2]!;
        }
      }
      use(y * width + x, r, g, b);
    }
  }
}
