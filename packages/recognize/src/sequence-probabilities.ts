import { softmaxRows } from './ctc/softmax.js';
import type { ModelOutputSpec } from './model-metadata.js';

/**
 * Copy batch item `item` of the model's raw output into `out` as a timesteps x classes row-major probability
 * matrix (what the CTC decoders read), whatever the output's layout and activation.
 */
export function sequenceProbabilities(
  output: Float32Array,
  item: number,
  spec: Pick<ModelOutputSpec, 'layout' | 'timesteps' | 'activation'>,
  classes: number,
  out: Float32Array,
): void {
  const timesteps = spec.timesteps;
  const size = timesteps * classes;
  const offset = item * size;
  if (out.length !== size || output.length < offset + size) {
    throw new RangeError(`output of ${output.length} values has no item ${item} of ${timesteps} x ${classes}`);
  }
  if (spec.layout === 'NTC') {
    out.set(output.subarray(offset, offset + size));
  } else {
    for (let c = 0; c < classes; c++) {
      for (let t = 0; t < timesteps; t++) out[t * classes + c] = output[offset + c * timesteps + t]!;
    }
  }
  if (spec.activation === 'none') softmaxRows(out, timesteps, classes);
  else if (spec.activation === 'log_softmax') for (let i = 0; i < size; i++) out[i] = Math.exp(out[i]!);
}
