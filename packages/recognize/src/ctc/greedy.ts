import { checkMatrix, type DecodedSequence, type ProbabilityMatrix } from './probability-matrix.js';

/**
 * Best-path CTC decoding (LPRNet §3.1): the most likely class at each timestep, then repeats collapsed and
 * blanks dropped. `probability` is the product of the chosen per-step maxima, i.e. the probability of that single
 * best path. It is a lower bound on the labelling's probability, which sums over every path that collapses to
 * the same labelling (what beam search estimates).
 */
export function greedyDecode(matrix: ProbabilityMatrix): DecodedSequence {
  checkMatrix(matrix);
  const { probs, timesteps, classes, blankIndex } = matrix;
  const labels: number[] = [];
  let probability = 1;
  let previous = -1;
  for (let t = 0, base = 0; t < timesteps; t++, base += classes) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probs[base + c]! > probs[base + best]!) best = c;
    probability *= probs[base + best]!;
    if (best !== blankIndex && best !== previous) labels.push(best);
    previous = best;
  }
  return { labels, probability };
}
