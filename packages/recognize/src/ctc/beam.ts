import { checkMatrix, type DecodedSequence, type ProbabilityMatrix } from './probability-matrix.js';

export interface BeamSearchOptions {
  /** Prefixes kept after each timestep. 1 is close to greedy decoding; larger finds likelier labellings. */
  beamWidth: number;
  /** Labellings returned; at most `beamWidth` exist. */
  topN: number;
}

/**
 * A labelling prefix, as a trie node: a prefix has exactly one parent (itself minus its last label), which is
 * what lets the search below find every path into a prefix without hashing label sequences.
 * `blank` / `nonBlank`: probability of the paths so far that collapse to this prefix and end / do not end in a
 * blank. They are kept apart because a repeated label extends the prefix only after a blank.
 */
class Prefix {
  blank = 0;
  nonBlank = 0;
  nextBlank = 0;
  nextNonBlank = 0;
  inBeam = false;
  /** How many of this prefix's one-label extensions are in the beam this step. */
  childrenInBeam = 0;
  private children: Map<number, Prefix> | undefined;

  constructor(
    readonly parent: Prefix | null,
    /** Last label of the prefix; -1 for the empty prefix. */
    readonly last: number,
  ) {}

  get total(): number {
    return this.blank + this.nonBlank;
  }

  existingChild(label: number): Prefix | undefined {
    return this.children?.get(label);
  }

  child(label: number): Prefix {
    this.children ??= new Map();
    let node = this.children.get(label);
    if (!node) {
      node = new Prefix(this, label);
      this.children.set(label, node);
    }
    return node;
  }

  labels(): number[] {
    const out: number[] = [];
    for (let node: Prefix | null = this; node && node.last >= 0; node = node.parent) out.push(node.last);
    return out.reverse();
  }
}

/**
 * CTC prefix beam search (Graves 2012; Hannun et al. 2014, without a language model). Unlike greedy decoding it
 * sums the probabilities of all paths that collapse to the same labelling, so it can return a labelling whose
 * single best path is not the overall best path. Returns up to `topN` distinct labellings, most probable first,
 * each with its probability summed over the paths the beam kept (exact when the beam never dropped a prefix).
 *
 * Same result as the textbook formulation, but an extension that does not make the beam is never materialized:
 * a prefix outside the beam receives probability from one place only, its parent, so its probability is known
 * before deciding to keep it. Per step that is beamWidth x classes multiplications and no allocation beyond the
 * prefixes kept. Probabilities stay in linear space: LPRNet sequences are short (~18 steps), so products do not
 * underflow for any labelling likely enough to stay in the beam.
 */
export function beamSearchDecode(matrix: ProbabilityMatrix, options: BeamSearchOptions): DecodedSequence[] {
  checkMatrix(matrix);
  const { beamWidth, topN } = options;
  if (!Number.isInteger(beamWidth) || beamWidth < 1) throw new RangeError(`beamWidth must be an integer ≥ 1, got ${beamWidth}`);
  if (!Number.isInteger(topN) || topN < 1) throw new RangeError(`topN must be an integer ≥ 1, got ${topN}`);
  const { probs, timesteps, classes, blankIndex } = matrix;

  const root = new Prefix(null, -1);
  root.blank = 1;
  root.inBeam = true;
  let beam: Prefix[] = [root];
  const best = new Contenders(beamWidth);
  for (let t = 0, base = 0; t < timesteps; t++, base += classes) {
    // Paths into prefixes already in the beam: staying (blank, or repeating the last label without a blank
    // between) and, where the parent is in the beam too, extending the parent.
    for (const prefix of beam) {
      prefix.nextBlank = prefix.total * probs[base + blankIndex]!;
      prefix.nextNonBlank = prefix.last >= 0 ? prefix.nonBlank * probs[base + prefix.last]! : 0;
      prefix.childrenInBeam = 0;
    }
    for (const prefix of beam) {
      const parent = prefix.parent;
      if (parent?.inBeam) {
        prefix.nextNonBlank += extensionProbability(parent, prefix.last) * probs[base + prefix.last]!;
        parent.childrenInBeam++;
      }
    }

    best.clear();
    for (const prefix of beam) {
      const probability = prefix.nextBlank + prefix.nextNonBlank;
      if (probability > best.bar()) best.insert(probability, prefix, prefix.last, true);
    }
    // The hot loop: beamWidth x classes candidates, nearly all rejected by one multiply-compare against the
    // probability a newcomer must beat. The beam is sorted, so that bar is high early.
    let bar = best.bar();
    for (const parent of beam) {
      const total = parent.total;
      for (let c = 0; c < classes; c++) {
        const p = probs[base + c]!;
        if (p * total <= bar || c === blankIndex) continue;
        const probability = extensionProbability(parent, c) * p;
        if (probability <= bar) continue;
        if (parent.childrenInBeam > 0 && parent.existingChild(c)?.inBeam) continue; // counted above
        best.insert(probability, parent, c, false);
        bar = best.bar();
      }
    }

    for (const prefix of beam) prefix.inBeam = false;
    beam = [];
    for (let i = 0; i < best.size; i++) {
      const prefix = best.prefixes[i]!;
      if (best.isMember[i]) {
        prefix.blank = prefix.nextBlank;
        prefix.nonBlank = prefix.nextNonBlank;
        prefix.inBeam = true;
        beam.push(prefix);
      } else {
        const extended = prefix.child(best.labels[i]!);
        extended.blank = 0;
        extended.nonBlank = best.probabilities[i]!;
        extended.inBeam = true;
        beam.push(extended);
      }
    }
  }
  return beam.slice(0, topN).map((prefix) => ({ labels: prefix.labels(), probability: prefix.total }));
}

/** Probability mass of `parent` that may continue into `parent + label`: a repeat needs a blank in between. */
function extensionProbability(parent: Prefix, label: number): number {
  return label === parent.last ? parent.blank : parent.total;
}

/**
 * The `capacity` most probable prefixes that may form the next beam, best first; on equal probability the earlier
 * insert ranks first. Each is a current member (`isMember`) or the extension of prefix `prefixes[i]` by
 * `labels[i]`. Parallel arrays, so that the thousands of inserts per plate allocate nothing.
 */
class Contenders {
  size = 0;
  readonly probabilities: Float64Array;
  readonly prefixes: Prefix[] = [];
  readonly labels: Int32Array;
  readonly isMember: Uint8Array;

  constructor(private readonly capacity: number) {
    this.probabilities = new Float64Array(capacity);
    this.labels = new Int32Array(capacity);
    this.isMember = new Uint8Array(capacity);
  }

  clear(): void {
    this.size = 0;
  }

  /** What a probability must exceed to be kept: 0 until the list is full, then its last entry's. */
  bar(): number {
    return this.size < this.capacity ? 0 : this.probabilities[this.capacity - 1]!;
  }

  /** Call only with a probability above `bar()`. */
  insert(probability: number, prefix: Prefix, label: number, isMember: boolean): void {
    let at = Math.min(this.size, this.capacity - 1);
    for (; at > 0 && this.probabilities[at - 1]! < probability; at--) {
      this.probabilities[at] = this.probabilities[at - 1]!;
      this.prefixes[at] = this.prefixes[at - 1]!;
      this.labels[at] = this.labels[at - 1]!;
      this.isMember[at] = this.isMember[at - 1]!;
    }
    this.probabilities[at] = probability;
    this.prefixes[at] = prefix;
    this.labels[at] = label;
    this.isMember[at] = isMember ? 1 : 0;
    if (this.size < this.capacity) this.size++;
  }
}
