/**
 * Softmax over each row of a row-major `rows x cols` matrix, in place. The row maximum is subtracted before
 * exponentiating so that large logits do not overflow.
 */
export function softmaxRows(values: Float32Array, rows: number, cols: number): void {
  for (let r = 0, base = 0; r < rows; r++, base += cols) {
    let max = -Infinity;
    for (let c = 0; c < cols; c++) if (values[base + c]! > max) max = values[base + c]!;
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      const e = Math.exp(values[base + c]! - max);
      values[base + c] = e;
      sum += e;
    }
    const inverse = 1 / sum;
    for (let c = 0; c < cols; c++) values[base + c]! *= inverse;
  }
}
