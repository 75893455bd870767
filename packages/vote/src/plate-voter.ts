import type { Candidate, PlateRead } from '@lpr/core';

export interface VoteOptions {
  /** Emit only when at least this many reads have the winner as their own best string of its tier. */
  minAgreeingReads: number;
  /**
   * Emit only when the winner's mean probability per read reaches this. Reads of things that are not plates (a
   * grille, a badge) agree on some loose fallback-template string at a few percent; real plates score far higher.
   */
  minConfidence: number;
  /** How many runner-up plates to report with the result. */
  maxCandidates: number;
}

export const defaultVoteOptions: VoteOptions = { minAgreeingReads: 2, minConfidence: 0.05, maxCandidates: 5 };

export interface VoteResult {
  plate: string;
  /** Mean probability the winner got per read, in [0, 1]. */
  confidence: number;
  /** Reads whose own best string of the winner's tier is the winner. */
  agreeingReads: number;
  reads: number;
  /** Plates of the winner's tier by accumulated score, best first; scores are per-read means like `confidence`. */
  candidates: Candidate[];
}

/**
 * A string's tier as a plate: 0 when it matches a country template, higher for looser (fallback) templates, null
 * when it matches none. With templates off every string is tier 0.
 */
export type PlateRank = (plate: string) => number | null;

interface Tally {
  /** Plate → summed probability over reads. */
  scores: Map<string, number>;
  /** Plate → reads whose best string of this tier it is. */
  firstChoices: Map<string, number>;
}

/**
 * Merges the reads of one vehicle track.
 *
 * Rule: every read contributes each of its beam candidates that passes the templates, weighted by the candidate's
 * probability; the plate with the largest sum wins. Summing probabilities is a soft vote: a blurred read that is
 * unsure between two plates splits its weight instead of casting a full wrong vote, a plate that was second in some
 * reads still gets credit from them, and one confident misread cannot outvote several agreeing reads. Candidates
 * that fail the templates are dropped first, so a track is never decided by a string that cannot be a plate.
 * To keep single lucky reads out, the winner must also be the best string of its tier in at least
 * `minAgreeingReads` reads.
 *
 * Each tier (see PlateRank) is voted on apart, and only the best tier any read reached decides, with or without a
 * winner: a loose fallback template matches misreads of real plates too (a dropped character still looks like some
 * plate), so it must neither outvote them nor stand in when they disagree. It decides only for vehicles where no
 * read matched a stricter template, as in choosePlate.
 */
export class PlateVoter {
  private readonly options: VoteOptions;
  private readonly tiers = new Map<number, Tally>();
  private readCount = 0;

  constructor(
    private readonly rank: PlateRank,
    options: Partial<VoteOptions> = {},
  ) {
    this.options = { ...defaultVoteOptions, ...options };
  }

  get reads(): number {
    return this.readCount;
  }

  add(read: PlateRead): void {
    this.readCount++;
    const seenTiers = new Set<number>();
    for (const c of read.candidates) {
      const tier = this.rank(c.plate);
      if (tier === null) continue;
      let tally = this.tiers.get(tier);
      if (!tally) this.tiers.set(tier, (tally = { scores: new Map(), firstChoices: new Map() }));
      tally.scores.set(c.plate, (tally.scores.get(c.plate) ?? 0) + c.score);
      if (!seenTiers.has(tier)) {
        seenTiers.add(tier);
        tally.firstChoices.set(c.plate, (tally.firstChoices.get(c.plate) ?? 0) + 1);
      }
    }
  }

  /** The best tier's leading plates with per-read mean scores, e.g. to log why a track published nothing. */
  leaders(max = 3): Candidate[] {
    const tally = this.tiers.get(Math.min(...this.tiers.keys()));
    if (!tally) return [];
    return [...tally.scores.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, max)
      .map(([plate, score]) => ({ plate, score: score / this.readCount }));
  }

  /** The track's plate, or null when the best tier reached has no plate with enough agreeing reads. */
  result(): VoteResult | null {
    const best = Math.min(...this.tiers.keys());
    const tally = this.tiers.get(best);
    return tally ? this.tierResult(tally) : null;
  }

  private tierResult({ scores, firstChoices }: Tally): VoteResult | null {
    const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const winner = ranked[0];
    if (!winner) return null;
    const agreeing = firstChoices.get(winner[0]) ?? 0;
    if (agreeing < this.options.minAgreeingReads || winner[1] / this.readCount < this.options.minConfidence) return null;
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
