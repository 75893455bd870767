/** 0/1 masks over an image's pixels, row by row: closing and connected regions. */

/** Close a 0/1 mask (dilate, then erode) by `across` pixels along rows and `down` along columns: joins nearby parts. */
export function closeMask(mask: Uint8Array, width: number, height: number, across: number, down: number): Uint8Array {
  const dilated = spread(spread(mask, width, height, 1, across, 1), width, height, 1, down, width);
  return spread(spread(dilated, width, height, 0, across, 1), width, height, 0, down, width);
}

/**
 * One axis of a dilation (`keep` 1: a set pixel within `radius` steps sets a pixel) or an erosion (`keep` 0: a clear
 * one clears it); `stride` 1 runs along rows, `stride` width down columns.
 */
function spread(mask: Uint8Array, width: number, height: number, keep: 0 | 1, radius: number, stride: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const position = stride === 1 ? x : y;
      const length = stride === 1 ? width : height;
      const i = y * width + x;
      let v = 1 - keep;
      for (let d = -radius; d <= radius && v !== keep; d++) {
        if (position + d >= 0 && position + d < length && mask[i + d * stride] === keep) v = keep;
      }
      out[i] = v;
    }
  }
  return out;
}

export interface Region {
  x: number;
  y: number;
  w: number;
  h: number;
  pixels: number;
}

/** 4-connected regions of set pixels, with their boxes and pixel counts. */
export function connectedRegions(mask: Uint8Array, width: number, height: number): Region[] {
  const label = new Int32Array(mask.length).fill(-1);
  const found: Region[] = [];
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || label[start]! >= 0) continue;
    const id = found.length;
    let [x0, y0, x1, y1, pixels] = [width, height, -1, -1, 0];
    label[start] = id;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop()!;
      const x = i % width;
      const y = (i - x) / width;
      pixels++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (const n of [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, y > 0 ? i - width : -1, y < height - 1 ? i + width : -1]) {
        if (n >= 0 && mask[n] && label[n]! < 0) {
          label[n] = id;
          stack.push(n);
        }
      }
    }
    found.push({ x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1, pixels });
  }
  return found;
}
