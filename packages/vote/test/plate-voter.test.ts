import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PlateRead } from '@lpr/core';
import { PlateVoter } from '../src/index.js';

const sevenChars = (p: string) => (/^[皖京][A-Z][A-Z0-9]{5}$/.test(p) ? 0 : null);
/** Dutch-like six-character plates first, any 4-8 alphanumerics as a fallback. */
const tiered = (p: string) => (/^[A-Z]{4}[0-9]{2}$/.test(p) ? 0 : /^[A-Z0-9]{4,8}$/.test(p) ? 1 : null);
const read = (...candidates: Array<[string, number]>): PlateRead => ({
  plate: candidates[0]![0],
  confidence: candidates[0]![1],
  candidates: candidates.map(([plate, score]) => ({ plate, score })),
  template: null,
});

describe('PlateVoter', () => {
  it('picks the plate with the largest summed probability over reads', () => {
    const v = new PlateVoter(sevenChars);
    v.add(read(['皖A12345', 0.6], ['皖A12346', 0.3]));
    v.add(read(['皖A12346', 0.5], ['皖A12345', 0.45]));
    v.add(read(['皖A12345', 0.7]));
    const r = v.result()!;
    assert.equal(r.plate, '皖A12345');
    assert.equal(r.reads, 3);
    assert.equal(r.agreeingReads, 2);
    assert.ok(Math.abs(r.confidence - (0.6 + 0.45 + 0.7) / 3) < 1e-9);
    assert.deepEqual(r.candidates.map((c) => c.plate), ['皖A12345', '皖A12346']);
  });

  it('ignores candidates that fail the templates, falling back to the next beam candidate', () => {
    const v = new PlateVoter(sevenChars);
    v.add(read(['皖A1234', 0.8], ['皖A12345', 0.1]));
    v.add(read(['皖A1234', 0.8], ['皖A12345', 0.1]));
    assert.equal(v.result()!.plate, '皖A12345');
  });

  it('emits nothing until enough reads agree', () => {
    const v = new PlateVoter(sevenChars);
    v.add(read(['皖A12345', 0.99]));
    assert.equal(v.result(), null);
    v.add(read(['皖A12345', 0.4]));
    assert.equal(v.result()!.plate, '皖A12345');
    const strict = new PlateVoter(sevenChars, { minAgreeingReads: 3 });
    strict.add(read(['皖A12345', 0.9]));
    strict.add(read(['皖A12345', 0.9]));
    assert.equal(strict.result(), null);
  });

  it('a single confident misread does not outvote agreeing reads', () => {
    const v = new PlateVoter(sevenChars);
    v.add(read(['皖B88888', 0.99]));
    v.add(read(['皖A12345', 0.6]));
    v.add(read(['皖A12345', 0.6]));
    assert.equal(v.result()!.plate, '皖A12345');
  });

  it('returns null when no read passed the templates', () => {
    const v = new PlateVoter(sevenChars);
    v.add(read(['XYZ', 0.9]));
    v.add(read(['XYZ', 0.9]));
    assert.equal(v.result(), null);
    assert.equal(new PlateVoter(sevenChars).result(), null);
  });
});

describe('PlateVoter with fallback tiers', () => {
  it('votes among primary candidates even when a fallback candidate is likelier in every read', () => {
    const v = new PlateVoter(tiered);
    v.add(read(['XSNB2', 0.7], ['XSNB23', 0.2]));
    v.add(read(['XSNB2', 0.6], ['XSNB28', 0.25], ['XSNB23', 0.1]));
    v.add(read(['XSNB2', 0.8], ['XSNB23', 0.15]));
    const r = v.result()!;
    assert.equal(r.plate, 'XSNB23');
    assert.equal(r.agreeingReads, 2, 'first choices are counted within the tier');
    assert.deepEqual(r.candidates.map((c) => c.plate), ['XSNB23', 'XSNB28'], 'runners-up come from the same tier');
  });

  it('lets the fallback tier decide when no read has a primary candidate', () => {
    const v = new PlateVoter(tiered);
    v.add(read(['BMW1234', 0.6], ['BMW123', 0.3], ['B!', 0.05]));
    v.add(read(['BMW1234', 0.5]));
    const r = v.result()!;
    assert.equal(r.plate, 'BMW1234');
    assert.equal(r.agreeingReads, 2);
  });

  it('does not let the fallback tier stand in when the primary tier has no plate enough reads agree on', () => {
    const v = new PlateVoter(tiered);
    v.add(read(['XSNB2', 0.6], ['XSNB23', 0.3]));
    v.add(read(['XSNB2', 0.6], ['XSNB28', 0.3]));
    v.add(read(['XSNB2', 0.6]));
    assert.equal(v.result(), null, 'XSNB2 is a misread of a primary plate the reads disagree on');
  });

  it('publishes nothing when the agreed plate is improbable', () => {
    const v = new PlateVoter(tiered);
    v.add(read(['O9001', 0.01], ['09001', 0.008]));
    v.add(read(['O9001', 0.02]));
    assert.equal(v.result(), null, 'mean 0.015 < the default 0.05');
    assert.equal(new PlateVoter(tiered, { minConfidence: 0.01 }).result(), null);
    const lenient = new PlateVoter(tiered, { minConfidence: 0.01 });
    lenient.add(read(['O9001', 0.01]));
    lenient.add(read(['O9001', 0.02]));
    assert.equal(lenient.result()!.plate, 'O9001');
  });

  it('reports the best tier\'s leaders when no plate wins', () => {
    const v = new PlateVoter(tiered);
    v.add(read(['XSNB2', 0.6], ['XSNB23', 0.3]));
    v.add(read(['XSNB28', 0.5]));
    assert.equal(v.result(), null);
    assert.deepEqual(v.leaders().map((c) => [c.plate, c.score]), [['XSNB28', 0.25], ['XSNB23', 0.15]]);
    assert.deepEqual(new PlateVoter(tiered).leaders(), []);
  });

  it('emits nothing when neither tier has enough agreeing reads', () => {
    const v = new PlateVoter(tiered);
    v.add(read(['XSNB23', 0.9], ['BMW1234', 0.05]));
    v.add(read(['BMW1235', 0.9]));
    assert.equal(v.result(), null);
  });
});
