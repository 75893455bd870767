/**
 * For each output position along one image axis, the source positions it reads and their weights, computed as
 * OpenCV's `cv2.resize(..., interpolation=INTER_AREA)` does, which is how the training pipeline sizes every crop:
 * - shrinking both axes: each output pixel averages the source area it covers (`area`);
 * - otherwise: two-tap interpolation with INTER_AREA's own weights (`enlarge`; not those of INTER_LINEAR).
 * Grow-only buffers: recomputing for a new crop size allocates only when a crop is larger than any before.
 */
export class ResizeTaps {
  /** Taps of output position i are entries `first[i]` to `first[i + 1] - 1`, in output order. */
  readonly first: Int32Array;
  /** Per tap: the source position and its weight. */
  source = new Int32Array(0);
  weight = new Float64Array(0);

  constructor(readonly outputSize: number) {
    this.first = new Int32Array(outputSize + 1);
  }

  /** Area averaging from `sourceSize` (≥ outputSize) pixels; mirrors OpenCV's computeResizeAreaTab. */
  area(sourceSize: number): void {
    this.reserve(sourceSize + this.outputSize);
    const scale = sourceSize / this.outputSize;
    let k = 0;
    for (let d = 0; d < this.outputSize; d++) {
      this.first[d] = k;
      const start = d * scale;
      const end = start + scale;
      const cell = Math.min(scale, sourceSize - start);
      const last = Math.min(Math.floor(end), sourceSize - 1);
      const firstWhole = Math.min(Math.ceil(start), last);
      // Partial pixels at either end count by the fraction covered; OpenCV ignores slivers under 1e-3.
      if (firstWhole - start > 1e-3) k = this.put(k, firstWhole - 1, (firstWhole - start) / cell);
      for (let s = firstWhole; s < last; s++) k = this.put(k, s, 1 / cell);
      if (end - last > 1e-3) k = this.put(k, last, Math.min(end - last, 1, cell) / cell);
    }
    this.first[this.outputSize] = k;
  }

  /** INTER_AREA's interpolation when a crop must be enlarged along some axis; mirrors OpenCV's resize. */
  enlarge(sourceSize: number): void {
    this.reserve(2 * this.outputSize);
    const scale = sourceSize / this.outputSize;
    const inverseScale = this.outputSize / sourceSize;
    let k = 0;
    for (let d = 0; d < this.outputSize; d++) {
      this.first[d] = k;
      let s = Math.floor(d * scale);
      let f = d + 1 - (s + 1) * inverseScale;
      f = f <= 0 ? 0 : f - Math.floor(f);
      if (s >= sourceSize - 1) {
        s = sourceSize - 1;
        f = 0;
      }
      k = this.put(k, s, 1 - f);
      if (f > 0) k = this.put(k, s + 1, f);
    }
    this.first[this.outputSize] = k;
  }

  private put(k: number, source: number, weight: number): number {
    this.source[k] = source;
    this.weight[k] = weight;
    return k + 1;
  }

  private reserve(taps: number): void {
    if (this.source.length < taps) {
      this.source = new Int32Array(taps);
      this.weight = new Float64Array(taps);
    }
  }
}
