import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { beamSearchDecode, greedyDecode, softmaxRows, type ProbabilityMatrix } from '../src/index.js';

/** Rows of per-class probabilities → matrix; the blank is the last class, as in LPRNet exports. */
function matrix(rows: number[][], blankIndex = rows[0]!.length - 1): ProbabilityMatrix {
  return { probs: Float32Array.from(rows.flat()), timesteps: rows.length, classes: rows[0]?.length ?? 1, blankIndex };
}

/** Every labelling's exact probability, by enumerating all classes^timesteps paths. Keys are labels joined by ','. */
function bruteForce(m: ProbabilityMatrix): Map<string, number> {
  const totals = new Map<string, number>();
  const paths = m.classes ** m.timesteps;
  for (let path = 0; path < paths; path++) {
    let probability = 1;
    const labels: number[] = [];
    let previous = -1;
    for (let t = 0, rest = path; t < m.timesteps; t++, rest = Math.floor(rest / m.classes)) {
      const c = rest % m.classes;
      probability *= m.probs[t * m.classes + c]!;
      if (c !== m.blankIndex && c !== previous) labels.push(c);
      previous = c;
    }
    const key = labels.join();
    totals.set(key, (totals.get(key) ?? 0) + probability);
  }
  return totals;
}

/** A random row-stochastic matrix from a seeded generator, so failures reproduce. */
function randomMatrix(timesteps: number, classes: number, seed: number): ProbabilityMatrix {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const logits = Float32Array.from({ length: timesteps * classes }, () => next() * 4);
  softmaxRows(logits, timesteps, classes);
  return { probs: logits, timesteps, classes, blankIndex: classes - 1 };
}

describe('softmaxRows', () => {
  it('normalizes each row and survives logits that would overflow exp', () => {
    const values = Float32Array.from([1000, 1000, 0, Math.log(3), -5, -5]);
    softmaxRows(values, 2, 3);
    assert.deepEqual([...values.subarray(0, 2)].map((v) => v.toFixed(6)), ['0.500000', '0.500000']);
    assert.equal(values[2], 0);
    assert.ok(Math.abs(values[3]! - 3 / (3 + 2 * Math.exp(-5))) < 1e-6);
    for (const row of [0, 1]) {
      const sum = values.subarray(row * 3, row * 3 + 3).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - 1) < 1e-6);
    }
  });
});

describe('greedyDecode', () => {
  // Classes: 0 = a, 1 = b, 2 = blank.
  it('collapses repeats, keeps a repeat separated by a blank, and drops blanks', () => {
    const m = matrix([
      [0.9, 0.05, 0.05],
      [0.8, 0.1, 0.1],
      [0.1, 0.1, 0.8],
      [0.7, 0.2, 0.1],
      [0.1, 0.6, 0.3],
    ]);
    const decoded = greedyDecode(m);
    assert.deepEqual(decoded.labels, [0, 0, 1]);
    assert.ok(Math.abs(decoded.probability - 0.9 * 0.8 * 0.8 * 0.7 * 0.6) < 1e-6, 'product of the per-step maxima');
  });

  it('reads an all-blank output as the empty labelling', () => {
    const decoded = greedyDecode(matrix([[0.2, 0.8], [0.3, 0.7]]));
    assert.deepEqual(decoded.labels, []);
    assert.ok(Math.abs(decoded.probability - 0.56) < 1e-6);
  });

  it('honours a blank that is not the last class', () => {
    const decoded = greedyDecode(matrix([[0.8, 0.2], [0.1, 0.9], [0.7, 0.3]], 0));
    assert.deepEqual(decoded.labels, [1]);
  });

  it('rejects a matrix whose size disagrees with its shape', () => {
    assert.throws(() => greedyDecode({ probs: new Float32Array(5), timesteps: 2, classes: 3, blankIndex: 2 }), RangeError);
    assert.throws(() => greedyDecode({ probs: new Float32Array(6), timesteps: 2, classes: 3, blankIndex: 3 }), RangeError);
  });
});

describe('beamSearchDecode', () => {
  it('finds the likelier labelling when the best path is not on it (beam beats greedy)', () => {
    // Best path is blank,blank (0.36) → "", but "a" has three paths: aa, a-, -a = 0.16 + 0.24 + 0.24 = 0.64.
    const m = matrix([[0.4, 0.6], [0.4, 0.6]]);
    assert.deepEqual(greedyDecode(m).labels, []);
    const [first, second] = beamSearchDecode(m, { beamWidth: 4, topN: 2 });
    assert.deepEqual(first!.labels, [0]);
    assert.ok(Math.abs(first!.probability - 0.64) < 1e-6);
    assert.deepEqual(second!.labels, []);
    assert.ok(Math.abs(second!.probability - 0.36) < 1e-6);
  });

  it('keeps "aa" apart from "a": a repeat counts only across a blank', () => {
    const m = matrix([[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]]);
    const exact = bruteForce(m);
    const decoded = beamSearchDecode(m, { beamWidth: 10, topN: 10 });
    assert.deepEqual(decoded.map((d) => d.labels.join()).sort(), ['', '0', '0,0'].sort());
    for (const d of decoded) assert.ok(Math.abs(d.probability - exact.get(d.labels.join())!) < 1e-9);
  });

  it('equals brute-force enumeration when the beam is wide enough to keep every prefix', () => {
    for (const seed of [1, 2, 3]) {
      const m = randomMatrix(4, 4, seed);
      const exact = bruteForce(m);
      const decoded = beamSearchDecode(m, { beamWidth: 1000, topN: 1000 });
      assert.equal(decoded.length, exact.size);
      let total = 0;
      for (const d of decoded) {
        assert.ok(Math.abs(d.probability - exact.get(d.labels.join())!) < 1e-6, `seed ${seed} labels ${d.labels}`);
        total += d.probability;
      }
      assert.ok(Math.abs(total - 1) < 1e-5, `probabilities of all labellings sum to 1, got ${total}`);
      const probabilities = decoded.map((d) => d.probability);
      assert.deepEqual(probabilities, [...probabilities].sort((a, b) => b - a), 'best first');
    }
  });

  it('returns distinct labellings, at most topN, each no more probable than its exact value', () => {
    const m = randomMatrix(6, 5, 7);
    const exact = bruteForce(m);
    const decoded = beamSearchDecode(m, { beamWidth: 3, topN: 5 });
    assert.equal(decoded.length, 3, 'a beam of 3 holds 3 labellings');
    assert.equal(new Set(decoded.map((d) => d.labels.join())).size, 3);
    for (const d of decoded) {
      assert.ok(d.probability > 0 && d.probability <= exact.get(d.labels.join())! + 1e-9);
    }
    assert.equal(beamSearchDecode(m, { beamWidth: 3, topN: 1 }).length, 1);
  });

  it('with a beam of 1 reads what greedy reads on a confident output', () => {
    const rows = [
      [0.7, 0.2, 0.05, 0.05],
      [0.7, 0.1, 0.1, 0.1],
      [0.05, 0.05, 0.1, 0.8],
      [0.1, 0.8, 0.05, 0.05],
      [0.05, 0.05, 0.85, 0.05],
      [0.05, 0.05, 0.1, 0.8],
    ];
    const [only] = beamSearchDecode(matrix(rows), { beamWidth: 1, topN: 1 });
    assert.deepEqual(only!.labels, greedyDecode(matrix(rows)).labels);
    assert.deepEqual(only!.labels, [0, 1, 2]);
  });

  it('reads an all-blank output as the empty labelling, and no timesteps as certain emptiness', () => {
    const [best] = beamSearchDecode(matrix([[0.01, 0.99], [0.02, 0.98]]), { beamWidth: 4, topN: 3 });
    assert.deepEqual(best!.labels, []);
    assert.ok(Math.abs(best!.probability - 0.99 * 0.98) < 1e-6);
    assert.deepEqual(beamSearchDecode({ probs: new Float32Array(0), timesteps: 0, classes: 3, blankIndex: 2 }, { beamWidth: 2, topN: 2 }), [
      { labels: [], probability: 1 },
    ]);
  });

  it('rejects a beam width or topN below 1', () => {
    const m = matrix([[0.5, 0.5]]);
    assert.throws(() => beamSearchDecode(m, { beamWidth: 0, topN: 1 }), RangeError);
    assert.throws(() => beamSearchDecode(m, { beamWidth: 2, topN: 0 }), RangeError);
  });
});
