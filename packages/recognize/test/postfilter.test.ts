import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { choosePlate, compileTemplates } from '../src/index.js';

const templates = compileTemplates({
  code: 'zz',
  classes: { letter: 'AB', digit: '0123456789' },
  templates: [{ name: 'short', pattern: '<letter><digit>{3}', format: '#-###' }],
});

describe('choosePlate', () => {
  const candidates = [
    { plate: 'A12', score: 0.5 },
    { plate: 'A123', score: 0.3 },
    { plate: 'B123', score: 0.1 },
  ];

  it('takes the first candidate that matches a template, over a likelier one that matches none', () => {
    assert.deepEqual(choosePlate(candidates, templates), { plate: 'A123', confidence: 0.3, candidates, template: 'short' });
  });

  it('falls back to the best raw candidate when none matches', () => {
    const raw = [candidates[0]!, { plate: 'C1', score: 0.2 }];
    assert.deepEqual(choosePlate(raw, templates), { plate: 'A12', confidence: 0.5, candidates: raw, template: null });
  });

  it('ignores templates in --no-templates mode', () => {
    assert.deepEqual(choosePlate(candidates, null), { plate: 'A12', confidence: 0.5, candidates, template: null });
  });

  it('reads nothing from no candidates', () => {
    assert.deepEqual(choosePlate([], templates), { plate: '', confidence: 0, candidates: [], template: null });
  });
});

describe('choosePlate with fallback templates', () => {
  const tiered = compileTemplates({
    code: 'zz',
    classes: { letter: 'AB', digit: '0123456789' },
    templates: [
      { name: 'short', pattern: '<letter><digit>{3}', format: '#-###' },
      { name: 'loose', pattern: '[AB0-9]{2,6}', fallback: true },
    ],
  });

  it('takes a candidate that matches a template that is not a fallback over a likelier fallback candidate', () => {
    const candidates = [
      { plate: 'A12', score: 0.5 },
      { plate: 'C123', score: 0.2 },
      { plate: 'B123', score: 0.1 },
    ];
    assert.deepEqual(choosePlate(candidates, tiered), { plate: 'B123', confidence: 0.1, candidates, template: 'short' });
  });

  it('takes the first fallback candidate when no candidate matches another template', () => {
    const candidates = [
      { plate: 'C12', score: 0.5 },
      { plate: 'A12', score: 0.3 },
      { plate: 'B12', score: 0.1 },
    ];
    assert.deepEqual(choosePlate(candidates, tiered), { plate: 'A12', confidence: 0.3, candidates, template: 'loose' });
  });

  it('still reads the best raw candidate when none matches any template', () => {
    const candidates = [
      { plate: 'C1', score: 0.5 },
      { plate: 'A', score: 0.3 },
    ];
    assert.deepEqual(choosePlate(candidates, tiered), { plate: 'C1', confidence: 0.5, candidates, template: null });
  });
});
