import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PlateRead } from '@lpr/core';
import { betterRead } from '../src/better-read.js';
import { compileTemplates, type PlateTemplates } from '../src/templates.js';

describe('betterRead', () => {
  const templates = compileTemplates({
    code: 'zz',
    classes: { letter: 'AB', digit: '12' },
    templates: [
      { name: 'plate', pattern: '<letter><digit>{3}' },
      { name: 'loose', pattern: '<letter>+<digit>*', fallback: true },
    ],
  });
  const read = (plate: string, confidence: number): PlateRead => ({
    plate,
    confidence,
    candidates: [{ plate, score: confidence }],
    template: templates.match(plate),
  });
  /** The crop read as is and with its rows side by side. */
  const better = (asIs: PlateRead, twoRow: PlateRead, t: PlateTemplates | null) =>
    betterRead([{ read: asIs, layout: 'one-row' }, { read: twoRow, layout: 'two-row' }], t);

  it('keeps a plate-shaped read over a likelier one that matches no template, either way round', () => {
    assert.deepEqual(better(read('A1', 0.9), read('A121', 0.2), templates), { ...read('A121', 0.2), layout: 'two-row' });
    assert.deepEqual(better(read('A121', 0.2), read('2A', 0.9), templates), { ...read('A121', 0.2), layout: 'one-row' });
  });

  it('lets a read that matches no template win when it is ten times likelier', () => {
    assert.equal(better(read('AB1', 0.58), read('A121', 0.003), templates).layout, 'one-row');
    assert.equal(better(read('A121', 0.05), read('2A', 0.6), templates).layout, 'two-row');
    assert.equal(better(read('A121', 0.05), read('2A', 0.4), templates).layout, 'one-row');
  });

  it('counts a fallback template as no template: then the likelier read wins', () => {
    assert.equal(better(read('AB1', 0.3), read('2A', 0.5), templates).plate, '2A');
    assert.equal(better(read('AB1', 0.5), read('2A', 0.3), templates).plate, 'AB1');
  });

  it('keeps the likelier of two plate-shaped reads, and the crop as is on a tie', () => {
    assert.deepEqual(better(read('A121', 0.4), read('B212', 0.6), templates), { ...read('B212', 0.6), layout: 'two-row' });
    assert.deepEqual(better(read('A121', 0.5), read('B212', 0.5), templates), { ...read('A121', 0.5), layout: 'one-row' });
  });

  it('weighs every view alike, as is winning ties: a turned copy that fits a template beats the crop as is', () => {
    const views = [read('AB1', 0.3), read('B211', 0.2), read('A121', 0.2)];
    const layouts = ['one-row', 'turned', 'turned'] as const;
    assert.deepEqual(betterRead(views.map((r, i) => ({ read: r, layout: layouts[i]! })), templates), { ...read('B211', 0.2), layout: 'turned' });
    assert.throws(() => betterRead([], templates), /at least one read/);
  });

  it('keeps the likelier read without templates (--no-templates)', () => {
    const raw = (plate: string, confidence: number): PlateRead => ({ ...read(plate, confidence), template: null });
    assert.equal(better(raw('A121', 0.4), raw('A1', 0.6), null).layout, 'two-row');
    assert.equal(better(raw('A121', 0.6), raw('A1', 0.4), null).layout, 'one-row');
  });
});
