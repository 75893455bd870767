/**
 * Scoring of plate events against labelled clips (`lpr eval-video`). Plates compare by their characters only: labels
 * are written as printed ("XS-NB-23"), events carry the plate without separators.
 */

/** Drops dashes, spaces and dots (including the Chinese middle dot) and upper-cases. */
export function normalizePlate(text: string): string {
  return text.replace(/[-\s.·]/g, '').toUpperCase();
}

export interface ClipScore {
  /** Labelled plates, normalized. */
  expected: string[];
  /** Event plates in the order they were reported, normalized. */
  got: string[];
  /** Labelled plates some event read exactly. */
  read: number;
  /** Events whose plate matches no label. */
  wrongExtra: number;
  /** Reports of a labelled plate beyond its first: one vehicle reported twice counts 1. */
  duplicates: number;
}

export function scoreClip(labels: readonly string[], eventPlates: readonly string[]): ClipScore {
  const expected = labels.map(normalizePlate);
  const got = eventPlates.map(normalizePlate);
  const reports = (plate: string) => got.filter((g) => g === plate).length;
  return {
    expected,
    got,
    read: expected.filter((plate) => reports(plate) > 0).length,
    wrongExtra: got.filter((g) => !expected.includes(g)).length,
    duplicates: expected.reduce((sum, plate) => sum + Math.max(0, reports(plate) - 1), 0),
  };
}

/** What the pipeline must reach on the labelled clips. */
export const evalTargets = { minReadRate: 0.9, maxWrongExtraPerClip: 1, maxDuplicates: 0 } as const;

export interface EvalSummary {
  clips: number;
  platesRead: number;
  plates: number;
  /** platesRead / plates, 0..1 (0 when nothing is labelled). */
  readRate: number;
  wrongExtra: number;
  /** Clips with more wrong extra events than evalTargets allows. */
  clipsOverWrongExtra: number;
  duplicates: number;
  targetsMet: boolean;
}

export function summarize(scores: readonly ClipScore[]): EvalSummary {
  const sum = (f: (s: ClipScore) => number) => scores.reduce((total, s) => total + f(s), 0);
  const plates = sum((s) => s.expected.length);
  const platesRead = sum((s) => s.read);
  const readRate = plates === 0 ? 0 : platesRead / plates;
  const clipsOverWrongExtra = scores.filter((s) => s.wrongExtra > evalTargets.maxWrongExtraPerClip).length;
  const duplicates = sum((s) => s.duplicates);
  return {
    clips: scores.length,
    platesRead,
    plates,
    readRate,
    wrongExtra: sum((s) => s.wrongExtra),
    clipsOverWrongExtra,
    duplicates,
    targetsMet: plates > 0 && readRate >= evalTargets.minReadRate && clipsOverWrongExtra === 0 && duplicates <= evalTargets.maxDuplicates,
  };
}
