import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LprError, createLogger, cropRgb, type RgbImage } from '@lpr/core';
import sharp from 'sharp';
import { LprnetRecognizer, compileTemplates, defaultModelsDir, loadCountry, type PlateTemplates } from '../src/index.js';
import { validMetadata } from './fixtures.js';
import { paintPlate, writeSyntheticModel } from './synthetic-model.js';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');
const modelPath = join(defaultModelsDir(), 'lprnet-cn.onnx');
const cropsDir = resolve(repoRoot, '../shared/data/cn/ccpd-crops');

function isLprError(pattern: RegExp) {
  return (err: unknown) => err instanceof LprError && pattern.test(err.message) && !err.message.includes('\n');
}

describe('LprnetRecognizer.load errors', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lpr-recognizer-'));
    await writeFile(join(dir, 'lprnet-zz.json'), JSON.stringify(validMetadata));
    await writeFile(join(dir, 'lprnet-zz.onnx'), 'this is not a protobuf');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('names a missing model file and how to make one', async () => {
    await assert.rejects(
      LprnetRecognizer.load({ modelPath: join(dir, 'absent.onnx'), metadataPath: join(dir, 'lprnet-zz.json'), templates: null }),
      isLprError(/^model .*absent\.onnx not found: export it with npm run export:recognizer/),
    );
  });

  it('names a missing metadata file', async () => {
    await assert.rejects(
      LprnetRecognizer.load({ modelPath: join(dir, 'absent.onnx'), templates: null }),
      isLprError(/^model metadata .*absent\.json not found/),
    );
  });

  it('names a corrupt model file, also when CUDA was asked for', async () => {
    const lines: string[] = [];
    for (const device of ['cpu', 'cuda'] as const) {
      await assert.rejects(
        LprnetRecognizer.load({ modelPath: join(dir, 'lprnet-zz.onnx'), templates: null, device, logger: createLogger({ write: (l) => lines.push(l) }) }),
        isLprError(/^model .*lprnet-zz\.onnx could not be loaded \(.*\): the file is corrupt or not an ONNX model; re-export it/),
      );
    }
    assert.deepEqual(lines, [], 'no misleading "CUDA unavailable" line for a broken model');
  });

  it('refuses templates of another country than the model', async () => {
    const cn = compileTemplates(await loadCountry('cn'));
    await assert.rejects(
      LprnetRecognizer.load({ modelPath: join(dir, 'lprnet-zz.onnx'), templates: cn }),
      isLprError(/reads plates of country "zz" but the templates are for "cn"/),
    );
  });

  it('refuses metadata that does not describe the model', async () => {
    const cn = await loadCountry('cn');
    const modelPath = await writeSyntheticModel(dir, 'lprnet-mismatch', { charset: cn.charset, blankIndex: 72, country: 'cn', layout: 'NCT' });
    const metadataPath = join(dir, 'lprnet-mismatch.json');
    const metadata = JSON.parse(await readFile(metadataPath, 'utf8'));
    await writeFile(metadataPath, JSON.stringify({ ...metadata, output: { ...metadata.output, timesteps: 17 } }));
    await assert.rejects(
      LprnetRecognizer.load({ modelPath, templates: null }),
      isLprError(/model output "logits" has shape \[N, 73, 18\] but .*lprnet-mismatch\.json implies \[N, 73, 17\]; re-export/),
    );
    await writeFile(metadataPath, JSON.stringify({ ...metadata, input: { ...metadata.input, name: 'image' } }));
    await assert.rejects(LprnetRecognizer.load({ modelPath, templates: null }), isLprError(/model has no input "image" .*\(it has input\)/));
  });

  it('refuses a model exported with a fixed batch size', async () => {
    const cn = await loadCountry('cn');
    const modelPath = await writeSyntheticModel(dir, 'lprnet-fixed', { charset: cn.charset, blankIndex: 72, country: 'cn', layout: 'NCT', fixedBatch: 1 });
    await assert.rejects(
      LprnetRecognizer.load({ modelPath, templates: null }),
      isLprError(/model input "input" has shape \[1, 3, 24, 94\] but .* implies \[N, 3, 24, 94\]/),
    );
  });

  it('refuses a beam width below 1', async () => {
    await assert.rejects(
      LprnetRecognizer.load({ modelPath: join(dir, 'lprnet-zz.onnx'), templates: null, beamWidth: 0 }),
      isLprError(/invalid recognizer option beamWidth=0/),
    );
  });
});

describe('LprnetRecognizer on a synthetic model with a known answer', () => {
  let dir: string;
  let charset: string[];
  let templates: PlateTemplates;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lpr-synthetic-'));
    const cn = await loadCountry('cn');
    charset = cn.charset;
    templates = compileTemplates(cn);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /** A crop the synthetic model reads as `plate`: each character, then a blank (class 0 here). */
  const crop = (plate: string) => paintPlate([...plate].flatMap((ch) => [charset.indexOf(ch) + 1, 0]), 0);

  for (const layout of ['NCT', 'NTC'] as const) {
    for (const decoder of ['beam', 'greedy'] as const) {
      it(`reads painted plates in order across batches (${layout} output, blank first, ${decoder})`, async () => {
        const modelPath = await writeSyntheticModel(dir, `lprnet-${layout}`, { charset, blankIndex: 0, country: 'cn', layout });
        const recognizer = await LprnetRecognizer.load({ modelPath, templates, decoder, device: 'cpu', maxBatch: 2 });
        try {
          const plates = ['皖A12345', '京A0123警', '皖AD12345', '使014578', '粤Z1234港'];
          const reads = await recognizer.recognize(plates.map(crop));
          assert.deepEqual(reads.map((r) => r.plate), plates);
          assert.deepEqual(reads.map((r) => r.template), ['standard', 'police', 'new-energy-small', 'embassy', 'hong-kong-macau']);
          for (const read of reads) {
            assert.ok(read.confidence > 0.9 && read.confidence <= 1, `confidence ${read.confidence}`);
            assert.equal(read.candidates.length, decoder === 'beam' ? 5 : 1);
          }
          assert.equal(recognizer.timings.runs, 3, '5 crops in batches of at most 2');
          assert.equal(recognizer.timings.crops, 5);
        } finally {
          await recognizer.close();
        }
      });
    }
  }

  it('reads a repeated character only when a blank separates the repeats, and a plate no template knows', async () => {
    const modelPath = await writeSyntheticModel(dir, 'lprnet-repeats', { charset, blankIndex: 0, country: 'cn', layout: 'NCT' });
    const recognizer = await LprnetRecognizer.load({ modelPath, templates, device: 'cpu' });
    const one = charset.indexOf('1') + 1;
    const [separated, joined] = await recognizer.recognize([paintPlate([one, 0, one, one, 0, one], 0), paintPlate([one, one, one], 0)]);
    await recognizer.close();
    assert.equal(separated!.plate, '111');
    assert.equal(joined!.plate, '1');
    assert.equal(separated!.template, null);
  });

  it('reads a crop narrower than the two-row maxAspect also side by side, in the same model run', async () => {
    const modelPath = await writeSyntheticModel(dir, 'lprnet-two-row', { charset, blankIndex: 0, country: 'cn', layout: 'NCT' });
    // A 64x48 two-row plate: 皖A in the top row's left 30 columns, 12345 in the bottom row. Side by side it is
    // 30 + 64 = 94 columns, the model's width, so the synthetic model reads its bands unresized.
    const row = (plate: string) => cropRgb(crop(plate), { x: 0, y: 0, w: 64, h: 24 });
    const twoRowPlate: RgbImage = { width: 64, height: 48, data: new Uint8Array([...row('皖A').data, ...row('12345').data]) };
    const twoRow = { maxAspect: 2.6, top: { y0: 0, y1: 0.5, x0: 0, x1: 30 / 64 }, bottomFrom: 0.5 };

    const oneRowOnly = await LprnetRecognizer.load({ modelPath, templates, device: 'cpu' });
    const [asIs] = await oneRowOnly.recognize([twoRowPlate]);
    await oneRowOnly.close();
    assert.notEqual(asIs!.plate, '皖A12345');

    const recognizer = await LprnetRecognizer.load({ modelPath, templates, device: 'cpu', twoRow });
    try {
      // The one-row crop (94x24, aspect 3.9) is at or above maxAspect: read once.
      const reads = await recognizer.recognize([twoRowPlate, crop('京A0123警')]);
      assert.deepEqual(reads.map((r) => [r.plate, r.template, r.layout]), [['皖A12345', 'standard', 'two-row'], ['京A0123警', 'police', 'one-row']]);
      assert.deepEqual([recognizer.timings.crops, recognizer.timings.runs], [3, 1]);
    } finally {
      await recognizer.close();
    }
  });

  it('falls back to CPU with one log line when CUDA is asked for but not installed', async (t) => {
    const modelPath = await writeSyntheticModel(dir, 'lprnet-cuda', { charset, blankIndex: 0, country: 'cn', layout: 'NCT' });
    for (const [device, level] of [['cuda', 'warn'], ['auto', 'info']] as const) {
      const lines: string[] = [];
      const recognizer = await LprnetRecognizer.load({ modelPath, templates: null, device, logger: createLogger({ write: (l) => lines.push(l) }) });
      try {
        if (recognizer.provider === 'cuda') return t.skip('the CUDA provider is installed here');
        const cudaLines = lines.filter((l) => l.includes('CUDA'));
        assert.equal(cudaLines.length, 1, lines.join('\n'));
        assert.match(cudaLines[0]!, new RegExp(`^${level} CUDA execution provider unavailable; running the recognizer on CPU .*reason=`));
        assert.equal((await recognizer.recognize([crop('皖A12345')]))[0]!.plate, '皖A12345');
      } finally {
        await recognizer.close();
      }
    }
  });
});

/** A few labelled CCPD crops (the file name is the plate) decoded to RGB. */
async function loadCrops(count: number): Promise<{ plate: string; image: RgbImage }[]> {
  const files = (await readdir(cropsDir)).filter((f) => f.endsWith('.jpg')).sort().slice(0, count);
  return Promise.all(
    files.map(async (file) => {
      const { data, info } = await sharp(join(cropsDir, file)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      return { plate: file.slice(0, -'.jpg'.length), image: { width: info.width, height: info.height, data: new Uint8Array(data) } };
    }),
  );
}

describe('LprnetRecognizer on the real China model', () => {
  const absent = !existsSync(modelPath) ? `model ${modelPath} absent` : !existsSync(cropsDir) ? `crops ${cropsDir} absent` : null;
  let templates: PlateTemplates;
  let crops: { plate: string; image: RgbImage }[];
  let recognizer: LprnetRecognizer;
  before(async () => {
    if (absent) return;
    templates = compileTemplates(await loadCountry('cn'));
    crops = await loadCrops(12);
    recognizer = await LprnetRecognizer.load({ modelPath, templates, device: 'cpu', maxBatch: 5 });
  });
  after(() => recognizer?.close());

  it('gives one plausible read per crop', async (t) => {
    if (absent) return t.skip(absent);
    const reads = await recognizer.recognize(crops.map((c) => c.image));
    assert.equal(reads.length, crops.length);
    const charset = new Set(recognizer.metadata.charset);
    for (const read of reads) {
      assert.ok([...read.plate].every((c) => charset.has(c)), `"${read.plate}" uses only charset characters`);
      assert.ok(read.candidates.length >= 1 && read.candidates.length <= 5);
      for (const c of read.candidates) assert.ok(c.score > 0 && c.score <= 1, `score ${c.score} in (0, 1]`);
      assert.deepEqual(read.candidates.map((c) => c.score), read.candidates.map((c) => c.score).sort((a, b) => b - a));
      assert.ok(read.confidence > 0 && read.confidence <= 1);
      if (read.template !== null) assert.equal(templates.match(read.plate), read.template);
    }
    const timings = recognizer.timings;
    assert.equal(timings.crops, crops.length);
    assert.equal(timings.runs, Math.ceil(crops.length / 5), 'split into batches of maxBatch');
  });

  it('reads a batch as it reads each crop alone', async (t) => {
    if (absent) return t.skip(absent);
    const batched = await recognizer.recognize(crops.map((c) => c.image));
    for (const [i, crop] of crops.entries()) {
      const [alone] = await recognizer.recognize([crop.image]);
      assert.equal(alone!.plate, batched[i]!.plate);
      assert.equal(alone!.template, batched[i]!.template);
      const difference = Math.abs(alone!.confidence - batched[i]!.confidence);
      assert.ok(difference <= 1e-4 * batched[i]!.confidence, `crop ${i}: confidence ${alone!.confidence} alone, ${batched[i]!.confidence} in a batch`);
    }
  });

  it('reads crops of other sizes and no crops at all', async (t) => {
    if (absent) return t.skip(absent);
    const { width, height, data } = crops[0]!.image;
    const doubled: RgbImage = { width: width * 2, height: height * 2, data: new Uint8Array(width * height * 12) };
    for (let y = 0; y < height * 2; y++) {
      for (let x = 0; x < width * 2; x++) {
        doubled.data.set(data.subarray(((y >> 1) * width + (x >> 1)) * 3, ((y >> 1) * width + (x >> 1)) * 3 + 3), (y * width * 2 + x) * 3);
      }
    }
    const [original, larger] = await recognizer.recognize([crops[0]!.image, doubled]);
    assert.equal(larger!.plate, original!.plate, 'a 2x nearest-neighbour enlargement shrinks back to the same input');
    assert.deepEqual(await recognizer.recognize([]), []);
  });
});
