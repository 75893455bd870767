import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LprError } from '@lpr/core';
import { classCharacters, loadModelMetadata, metadataPathFor, parseModelMetadata } from '../src/index.js';
import { validMetadata } from './fixtures.js';

/** A copy of the valid metadata with one field (a dotted path) replaced; `undefined` removes it. */
function withField(path: string, value: unknown): unknown {
  const copy = structuredClone(validMetadata) as Record<string, unknown>;
  const keys = path.split('.');
  const last = keys.pop()!;
  const parent = keys.reduce((node, key) => node[key] as Record<string, unknown>, copy);
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return copy;
}

describe('parseModelMetadata', () => {
  it('accepts the contract', () => {
    const meta = parseModelMetadata(validMetadata, 'm.json');
    assert.equal(meta.input.width, 94);
    assert.deepEqual(meta.input.std, [128, 128, 128]);
    assert.equal(meta.output.layout, 'NCT');
    assert.deepEqual(meta.training, { epochs: 1 });
  });

  const broken: [path: string, value: unknown, message: RegExp][] = [
    ['format', 'lpr-model/2', /format must be "lpr-model\/1", got "lpr-model\/2"/],
    ['input.width', 0, /input\.width must be at least 1, got 0/],
    ['input.height', 24.5, /input\.height must be an integer, got 24\.5/],
    ['input.channels', 1, /input\.channels must be 3/],
    ['input.layout', 'NHWC', /input\.layout must be one of "NCHW", got string "NHWC"/],
    ['input.colorOrder', undefined, /input\.colorOrder must be one of "RGB", "BGR", got nothing/],
    ['input.mean', [127.5], /input\.mean must list one number per channel \(3\), got 1/],
    ['input.std', [128, 0, 128], /input\.std\[1\] must be greater than 0, got 0/],
    ['output.layout', 'TNC', /output\.layout must be one of "NCT", "NTC"/],
    ['output.activation', 'sigmoid', /output\.activation must be one of "none", "softmax", "log_softmax"/],
    ['output.timesteps', '18', /output\.timesteps must be a number, got string "18"/],
    ['charset', ['A', 'AB'], /charset\[1\] must be a single character, got "AB"/],
    ['charset', ['A', 'A'], /charset lists "A" twice/],
    ['blankIndex', 4, /blankIndex must be at most 3 \(the class count minus one\), got 4/],
    ['architecture.stn', 'yes', /architecture\.stn must be true or false/],
    ['name', undefined, /name must be a non-empty string, got nothing/],
  ];
  for (const [path, value, message] of broken) {
    it(`names the file and ${path} when it is ${JSON.stringify(value) ?? 'missing'}`, () => {
      assert.throws(
        () => parseModelMetadata(withField(path, value), 'models/m.json'),
        (err: Error) => err instanceof LprError && err.message.startsWith('invalid model metadata models/m.json: ') && message.test(err.message),
      );
    });
  }

  it('places the blank among the class characters', () => {
    assert.deepEqual(classCharacters({ charset: ['A', 'B'], blankIndex: 2 }), ['A', 'B', '']);
    assert.deepEqual(classCharacters({ charset: ['A', 'B'], blankIndex: 0 }), ['', 'A', 'B']);
  });
});

describe('loadModelMetadata', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lpr-meta-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('finds the .json beside the .onnx', () => {
    assert.equal(metadataPathFor('/m/lprnet-cn.onnx'), '/m/lprnet-cn.json');
  });

  it('loads a file, and says how to get one that is missing or not JSON', async () => {
    const file = join(dir, 'lprnet-zz.json');
    await writeFile(file, JSON.stringify(validMetadata));
    assert.equal((await loadModelMetadata(file)).name, 'lprnet-zz');
    await assert.rejects(loadModelMetadata(join(dir, 'absent.json')), (err: Error) => err instanceof LprError && /absent\.json not found.*npm run export:recognizer/.test(err.message));
    await writeFile(file, '{"format": ');
    await assert.rejects(loadModelMetadata(file), (err: Error) => err instanceof LprError && /invalid model metadata .*lprnet-zz\.json: not JSON/.test(err.message));
  });
});
