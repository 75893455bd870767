import type { Candidate, PlateRead } from '@lpr/core';

export interface VoteOptions {
  /** Emit only when at least this many reads have the winner as their own best template-passing string. */
  minAgreeingReads: number;
  /** How many runner-up plates to report with the result. */
  maxCandidates: number;
}

export const defaultVoteOptions: VoteOptions = { minAgreeingReads: 2, maxCandidates: 5 };

export interface VoteResult {
  plate: string;
  /** Mean probability the winner got per read, in [0, 1]. */
  confidence: number;
  /** Reads whose own best template-passing string is the winner. */
  agreeingReads: number;
  reads: number;
  /** Plates by accumulated score, best first; scores are per-read means like `confidence`. */
  candidates: Candidate[];
}

/** Whether a string is an acceptable plate (passes a country template); all strings when templates are off. */
export type PlateFilter = (plate: string) => boolean;

/**
 * Merges the reads of one vehicle track.
 *
 * Rule: every read contributes each of its beam candidates that passes the templates, weighted by the candidate's
 * probability; the plate with the largest sum wins. Summing probabilities is a soft vote: a blurred read that is
 * unsure between two plates splits its weight instead of casting a full wrong vote, a plate that was second in some
 * reads still gets credit from them, and one confident misread cannot outvote several agreeing reads. Candidates
 * that fail the templates are dropped first, so a track is never decided by a string that cannot be a plate.
 * To keep single lucky reads out, the winner must also be the best template-passing string of at least
 * `minAgreeingReads` reads.
 */
export class PlateVoter {
  private readonly options: VoteOptions;
  private readonly scores = new Map<string, number>();
  private readonly firstChoices = new Map<string, number>();
  private readCount = 0;

  constructor(
    private readonly accepts: PlateFilter,
    options: Partial<VoteOptions> = {},
  ) {
    this.options = { ...defaultVoteOptions, ...options };
  }

  get reads(): number {
    return this.readCount;
  }

  add(read: PlateRead): void {
    this.readCount++;
    let first: string | null = null;
    for (const c of read.candidates) {
      if (!this.accepts(c.plate)) continue;
      first ??= c.plate;
      this.scores.set(c.plate, (this.scores.get(c.plate) ?? 0) + c.score);
    }
    if (first !== null) this.firstChoices.set(first, (this.firstChoices.get(first) ?? 0) + 1);
  }

  /** The track's plate, or null when no plate has enough agreeing reads. */
  result(): VoteResult | null {
    if (this.readCount === 0) return null;
    const ranked = [...this.scores.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const winner = ranked[0];
    if (!winner) return null;
    const agreeing = this.firstChoices.get(winner[0]) ?? 0;
    if (agreeing < this.options.minAgreeingReads) return null;
    return {
      plate: winner[0],
      confidence: winner[1] / this.readCount,
      agreeingReads: agreeing,
      reads: this.readCount,
      candidates: ranked
        .slice(0, this.options.maxCandidates)
        .map(([plate, score]) => ({ plate, score: score / this.readCount })),
    };
  }
}
