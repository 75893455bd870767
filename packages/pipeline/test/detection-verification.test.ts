import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PlateRead, ScoredBox } from '@lpr/core';
import { keepReadable } from '../src/index.js';

function read(plate: string, confidence: number): PlateRead {
  return { plate, confidence, candidates: [{ plate, score: confidence }], template: null };
}

const plate = { x: 100, y: 200, w: 120, h: 40, score: 5 };
const grille = { x: 300, y: 180, w: 200, h: 60, score: 9 };
const sign = { x: 10, y: 10, w: 80, h: 26, score: 3 };

describe('keepReadable', () => {
  it('keeps the detections read at least as confidently as asked, in order, with their reads', () => {
    const kept = keepReadable([grille, plate, sign], [read('川Q00000', 0.004), read('苏ED0N19', 0.98), read('沪A1', 0.015)], {
      minConfidence: 0.015,
      minChars: 1,
    });
    assert.deepEqual(kept, [
      { ...plate, plate: '苏ED0N19', confidence: 0.98 },
      { ...sign, plate: '沪A1', confidence: 0.015 },
    ]);
  });

  it('drops reads shorter than the country allows, however confident (one character is a bumper edge)', () => {
    const reads = [read('皖', 0.9), read('苏ED0N19', 0.98), read('沪A1', 0.9)];
    const kept = keepReadable([grille, plate, sign], reads, { minConfidence: 0.015, minChars: 5 });
    assert.deepEqual(kept, [{ ...plate, plate: '苏ED0N19', confidence: 0.98 }]);
    // Characters, not UTF-16 code units, are counted.
    assert.equal(keepReadable([plate], [read('𠀀𠀀', 0.9)], { minConfidence: 0, minChars: 3 }).length, 0);
  });

  it('with templateOnly, keeps only reads that fit a template other than a fallback', () => {
    const fits = (plate: string, template: string | null): PlateRead => ({ ...read(plate, 0.5), template });
    const reads = [fits('苏ED0N19', 'standard'), fits('SIGN12', null), fits('AB1234', 'loose')];
    const rule = { minConfidence: 0.015, minChars: 1, templateOnly: true, isFallback: (name: string) => name === 'loose' };
    assert.deepEqual(
      keepReadable([plate, sign, grille], reads, rule).map((box) => box.plate),
      ['苏ED0N19'],
    );
    assert.equal(keepReadable([plate, sign, grille], reads, { minConfidence: 0.015, minChars: 1 }).length, 3);
  });

  it('asks offTemplateMinConfidence of reads that fit no template, or only a fallback', () => {
    const fits = (plate: string, confidence: number, template: string | null): PlateRead => ({ ...read(plate, confidence), template });
    const reads = [fits('苏ED0N19', 0.02, 'standard'), fits('苏QX0Y0X0X0', 0.04, null), fits('AB1234', 0.04, 'loose'), fits('WJ1693015', 0.6, null)];
    const rule = { minConfidence: 0.015, minChars: 1, offTemplateMinConfidence: 0.05, isFallback: (name: string) => name === 'loose' };
    assert.deepEqual(
      keepReadable([plate, sign, grille, plate], reads, rule).map((box) => box.plate),
      ['苏ED0N19', 'WJ1693015'],
    );
    // Never lower than minConfidence.
    assert.equal(keepReadable([plate], [fits('WJ1693015', 0.3, null)], { ...rule, minConfidence: 0.5 }).length, 0);
  });

  it('keeps every detection at 0 and none when nothing was found', () => {
    assert.equal(keepReadable([grille, plate], [read('', 0), read('苏ED0N19', 0.98)], { minConfidence: 0, minChars: 0 }).length, 2);
    assert.deepEqual(keepReadable([], [], { minConfidence: 0.5, minChars: 1 }), []);
  });

  it('refuses reads that do not pair with the detections', () => {
    const boxes: ScoredBox[] = [plate, grille];
    assert.throws(() => keepReadable(boxes, [read('苏ED0N19', 0.98)], { minConfidence: 0.015, minChars: 1 }), /1 reads for 2 detections/);
  });
});
