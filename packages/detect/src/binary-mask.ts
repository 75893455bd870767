/** 0/1 masks over an image's pixels, row by row: closing and connected regions. */

/** Close a 0/1 mask (dilate, then erode) by `across` pixels along rows and `down` along columns: joins nearby parts. */
export function closeMask(mask: Uint8Array, width: number, height: number, across: number, down: number): Uint8Array {
  const dilated = spreadDown(spreadAcross(mask, width, 1, across), width, height, 1, down);
  return spreadDown(spreadAcross(dilated, width, 0, across), width, height, 0, down);
}

/*
 * One axis of a dilation (`keep` 1: a set pixel within `radius` steps sets a pixel) or an erosion (`keep` 0: a clear
 * one clears it). Pixels beyond the mask's edge count as neither. A running count of `keep` pixels in the window makes
 * each pixel cost the same whatever the radius.
 */

/** Along rows. */
function spreadAcross(mask: Uint8Array, width: number, keep: 0 | 1, radius: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let row = 0; row < mask.length; row += width) {
    let count = 0;
    for (let d = 0; d <= radius && d < width; d++) if (mask[row + d] === keep) count++;
    for (let x = 0; x < width; x++) {
      out[row + x] = count > 0 ? keep : 1 - keep;
      if (x >= radius && mask[row + x - radius] === keep) count--;
      if (x + radius + 1 < width && mask[row + x + radius + 1] === keep) count++;
    }
  }
  return out;
}

/** Down columns, one count per column, a row at a time so that memory is read in order. */
function spreadDown(mask: Uint8Array, width: number, height: number, keep: 0 | 1, radius: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  const count = new Int32Array(width);
  for (let d = 0; d <= radius && d < height; d++) {
    for (let x = 0, i = d * width; x < width; x++, i++) if (mask[i] === keep) count[x]! += 1;
  }
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) out[row + x] = count[x]! > 0 ? keep : 1 - keep;
    if (y >= radius) {
      for (let x = 0, i = row - radius * width; x < width; x++, i++) if (mask[i] === keep) count[x]! -= 1;
    }
    if (y + radius + 1 < height) {
      for (let x = 0, i = row + (radius + 1) * width; x < width; x++, i++) if (mask[i] === keep) count[x]! += 1;
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
  const seen = new Uint8Array(mask.length);
  const found: Region[] = [];
  const stack: number[] = [];
  const visit = (i: number) => {
    if (mask[i] && !seen[i]) {
      seen[i] = 1;
      stack.push(i);
    }
  };
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || seen[start]) continue;
    let [x0, y0, x1, y1, pixels] = [width, height, -1, -1, 0];
    visit(start);
    while (stack.length > 0) {
      const i = stack.pop()!;
      const x = i % width;
      const y = (i - x) / width;
      pixels++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      if (x > 0) visit(i - 1);
      if (x < width - 1) visit(i + 1);
      if (y > 0) visit(i - width);
      if (y < height - 1) visit(i + width);
    }
    found.push({ x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1, pixels });
  }
  return found;
}
