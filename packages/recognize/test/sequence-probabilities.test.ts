import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sequenceProbabilities } from '../src/index.js';

// Two items, T = 2 timesteps, C = 3 classes; item 1 is the one read. Logits chosen so softmax is easy to check.
const itemOne = [
  [Math.log(1), Math.log(2), Math.log(5)], // t = 0
  [Math.log(3), Math.log(3), Math.log(2)], // t = 1
];
const expected = [0.125, 0.25, 0.625, 0.375, 0.375, 0.25];
const padding = [9, 9, 9, 9, 9, 9];

function read(output: number[], layout: 'NCT' | 'NTC', activation: 'none' | 'softmax' | 'log_softmax'): number[] {
  const out = new Float32Array(6);
  sequenceProbabilities(Float32Array.from(output), 1, { layout, timesteps: 2, activation }, 3, out);
  return [...out].map((v) => Number(v.toFixed(6)));
}

describe('sequenceProbabilities', () => {
  it('reads NTC logits as softmax rows', () => {
    assert.deepEqual(read([...padding, ...itemOne.flat()], 'NTC', 'none'), expected);
  });

  it('transposes NCT', () => {
    const nct = [0, 1, 2].flatMap((c) => [itemOne[0]![c]!, itemOne[1]![c]!]);
    assert.deepEqual(read([...padding, ...nct], 'NCT', 'none'), expected);
  });

  it('takes softmax output as is and exponentiates log_softmax', () => {
    assert.deepEqual(read([...padding, ...expected], 'NTC', 'softmax'), expected);
    assert.deepEqual(read([...padding, ...expected.map(Math.log)], 'NTC', 'log_softmax'), expected);
  });

  it('rejects an item past the end of the output', () => {
    assert.throws(() => sequenceProbabilities(new Float32Array(6), 1, { layout: 'NTC', timesteps: 2, activation: 'none' }, 3, new Float32Array(6)), RangeError);
  });
});
