import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PlateRead, ScoredBox } from '@lpr/core';
import { keepReadable } from '../src/index.js';

function read(plate: string, confidence: number, template: string | null = 'standard'): PlateRead {
  return { plate, confidence, candidates: [{ plate, score: confidence }], template };
}

/** One threshold for every read. */
const atLeast = (minConfidence: number) => ({ minConfidence, minConfidenceOffTemplate: minConfidence });

const plate = { x: 100, y: 200, w: 120, h: 40, score: 5 };
const grille = { x: 300, y: 180, w: 200, h: 60, score: 9 };
const sign = { x: 10, y: 10, w: 80, h: 26, score: 3 };

describe('keepReadable', () => {
  it('keeps the detections read at least as confidently as asked, in order, with their reads', () => {
    const kept = keepReadable([grille, plate, sign], [read('川Q00000', 0.004), read('苏ED0N19', 0.98), read('沪A1', 0.015)], atLeast(0.015));
    assert.deepEqual(kept, [
      { ...plate, plate: '苏ED0N19', confidence: 0.98 },
      { ...sign, plate: '沪A1', confidence: 0.015 },
    ]);
  });

  it('asks more of a read that fits no plate template', () => {
    const reads = [read('豫11111', 0.05, null), read('苏ED0N19', 0.05), read('黑警警警警', 0.3, null)];
    const kept = keepReadable([grille, plate, sign], reads, { minConfidence: 0.015, minConfidenceOffTemplate: 0.2 });
    assert.deepEqual(kept.map((box) => box.plate), ['苏ED0N19', '黑警警警警']);
  });

  it('keeps every detection at 0 and none when nothing was found', () => {
    assert.equal(keepReadable([grille, plate], [read('', 0), read('苏ED0N19', 0.98)], atLeast(0)).length, 2);
    assert.deepEqual(keepReadable([], [], atLeast(0.5)), []);
  });

  it('refuses reads that do not pair with the detections', () => {
    const boxes: ScoredBox[] = [plate, grille];
    assert.throws(() => keepReadable(boxes, [read('苏ED0N19', 0.98)], atLeast(0.015)), /1 reads for 2 detections/);
  });
});
