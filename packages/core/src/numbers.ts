/** Scores and confidences are printed with 4 decimals: more is noise, and it keeps event lines short. */
export function roundScore(x: number): number {
  return Math.round(x * 10000) / 10000;
}
