import type { RgbImage } from '@lpr/core';

/** An image shrunk by averaging: `rgb` holds each block's mean red, green and blue (0-255), interleaved. */
export interface BlockMeans {
  width: number;
  height: number;
  rgb: Float32Array;
}

/** Mean colour of each whole `step` x `step` block of the image (a partial block at the right or bottom is dropped). */
export function blockMeans(image: RgbImage, step: number): BlockMeans {
  const width = Math.floor(image.width / step);
  const height = Math.floor(image.height / step);
  const rgb = new Float32Array(width * height * 3);
  const { data } = image;
  const area = step * step;
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
      const i = (y * width + x) * 3;
      rgb[i] = r / area;
      rgb[i + 1] = g / area;
      rgb[i + 2] = b / area;
    }
  }
  return { width, height, rgb };
}
