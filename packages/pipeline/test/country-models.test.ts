import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LprError } from '@lpr/core';
import { recognizerModelPath } from '../src/index.js';

describe('recognizerModelPath', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lpr-models-'));
    for (const file of ['lprnet-aa.onnx', 'lprnet-aa-int8.onnx', 'lprnet-bb.onnx']) await writeFile(join(dir, file), '');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('defaults to the int8 model where the country has one, on the CPU', () => {
    assert.equal(recognizerModelPath(dir, 'aa', undefined, 'cpu'), join(dir, 'lprnet-aa-int8.onnx'));
    assert.equal(recognizerModelPath(dir, 'aa', undefined, 'auto'), join(dir, 'lprnet-aa-int8.onnx'));
    assert.equal(recognizerModelPath(dir, 'bb', undefined, 'cpu'), join(dir, 'lprnet-bb.onnx'));
  });

  it('defaults to the float model on CUDA', () => {
    assert.equal(recognizerModelPath(dir, 'aa', undefined, 'cuda'), join(dir, 'lprnet-aa.onnx'));
  });

  it('gives the asked precision, and says how to make a missing int8 model', () => {
    assert.equal(recognizerModelPath(dir, 'aa', 'fp32', 'cpu'), join(dir, 'lprnet-aa.onnx'));
    assert.equal(recognizerModelPath(dir, 'aa', 'int8', 'cuda'), join(dir, 'lprnet-aa-int8.onnx'));
    assert.throws(() => recognizerModelPath(dir, 'bb', 'int8', 'cpu'), (err: unknown) => err instanceof LprError && /lpr quantize --country bb/.test(err.message));
  });
});
