/** Per-timestep class probabilities of one sequence: `probs[t * classes + c]`, each row summing to 1. */
export interface ProbabilityMatrix {
  probs: Float32Array;
  timesteps: number;
  classes: number;
  /** Class index of the CTC blank. */
  blankIndex: number;
}

/** A labelling (class indices, blanks removed, repeats collapsed) and its probability under the model. */
export interface DecodedSequence {
  labels: number[];
  probability: number;
}

/** Throws a RangeError when the matrix's sizes do not agree; decoders call it before trusting the indices. */
export function checkMatrix(matrix: ProbabilityMatrix): void {
  const { probs, timesteps, classes, blankIndex } = matrix;
  if (!Number.isInteger(timesteps) || timesteps < 0 || !Number.isInteger(classes) || classes < 1) {
    throw new RangeError(`bad CTC matrix shape ${timesteps} x ${classes}`);
  }
  if (probs.length !== timesteps * classes) {
    throw new RangeError(`CTC matrix holds ${probs.length} values, expected ${timesteps} x ${classes}`);
  }
  if (!Number.isInteger(blankIndex) || blankIndex < 0 || blankIndex >= classes) {
    throw new RangeError(`CTC blank index ${blankIndex} is outside 0..${classes - 1}`);
  }
}
