/** Scoring of `lpr eval-video`, on hand-made labels and event plates. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizePlate, scoreClip, summarize } from '../apps/cli/src/clip-scoring.js';

describe('normalizePlate', () => {
  it('drops dashes, spaces and dots and upper-cases', () => {
    assert.equal(normalizePlate('xs-nb-23'), 'XSNB23');
    assert.equal(normalizePlate(' 1-CMV 331.'), '1CMV331');
    assert.equal(normalizePlate('苏A·0X3B2'), '苏A0X3B2');
  });
});

describe('scoreClip', () => {
  it('reads a plate whose characters match exactly, whatever the separators', () => {
    assert.deepEqual(scoreClip(['XS-NB-23'], ['XSNB23']), { expected: ['XSNB23'], got: ['XSNB23'], read: 1, wrongExtra: 0, duplicates: 0 });
  });

  it('a near miss is not read and counts as a wrong extra event', () => {
    const s = scoreClip(['XS-NB-23'], ['XSNB28']);
    assert.equal(s.read, 0);
    assert.equal(s.wrongExtra, 1);
  });

  it('counts reports of a labelled plate beyond the first as duplicates', () => {
    const s = scoreClip(['62-PB-VT', '28-RBN-4'], ['62PBVT', '28RBN4', '62PBVT', '62PBVT']);
    assert.deepEqual([s.read, s.wrongExtra, s.duplicates], [2, 0, 2]);
  });

  it('scores a clip with one of two plates read, an extra event and nothing reported', () => {
    assert.deepEqual(
      [scoreClip(['05-GH-JS', 'TT-BJ-42'], ['05GHJS', 'ZZ9999']), scoreClip(['05-GH-JS'], [])].map((s) => [s.read, s.wrongExtra, s.duplicates]),
      [[1, 1, 0], [0, 0, 0]],
    );
  });
});

describe('summarize', () => {
  it('adds up plates read, wrong extras per clip and duplicates', () => {
    const summary = summarize([
      scoreClip(['AA-11-BB'], ['AA11BB', 'X1', 'X2']), // two wrong extras: over the limit of one
      scoreClip(['CC-22-DD', 'EE-33-FF'], ['CC22DD', 'CC22DD', 'Y1']),
      scoreClip(['GG-44-HH'], []),
    ]);
    assert.deepEqual(summary, {
      clips: 3,
      platesRead: 2,
      plates: 4,
      readRate: 0.5,
      wrongExtra: 3,
      clipsOverWrongExtra: 1,
      duplicates: 1,
      targetsMet: false,
    });
  });

  it('meets the targets at 90% read, one wrong extra per clip and no duplicates', () => {
    const clips = Array.from({ length: 10 }, (_, i) => scoreClip([`P${i}`], i === 0 ? ['WRONG'] : [`P${i}`, ...(i === 1 ? ['X'] : [])]));
    const summary = summarize(clips);
    assert.equal(summary.readRate, 0.9);
    assert.equal(summary.clipsOverWrongExtra, 0);
    assert.equal(summary.targetsMet, true);
    assert.equal(summarize([]).targetsMet, false, 'nothing labelled proves nothing');
  });
});
