import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LprError, iou, type RgbImage } from '@lpr/core';
import { compileTemplates, parseCountry } from '@lpr/recognize';
import { openDetector, recognizerModelPath, type CountrySetup } from '../src/index.js';

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

describe('openDetector', () => {
  // The detect package's test cascade: a 45x15 window that fires on a bright rectangle centred in it.
  const cascade = fileURLToPath(new URL('../../detect/test/fixtures/bright-centre-cascade.xml', import.meta.url));
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lpr-detectors-'));
    for (const name of ['one-row', 'two-row']) await copyFile(cascade, join(dir, `${name}.xml`));
    // The second detector only looks for plates at least 200 px wide, and its photos are also searched turned.
    const detection = { minPlateWidthPx: 200, verifyMinConfidence: 0.5, turns: [15], turnedMinPlateWidthPx: 300 };
    await writeFile(join(dir, 'two-row.json'), JSON.stringify({ detection }));
    await copyFile(cascade, join(dir, 'tilted.xml'));
    await writeFile(join(dir, 'tilted.json'), JSON.stringify({ detection: { turns: [100] } }));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  function setupWith(detectors: string[], colourProposals?: unknown, characterRows?: unknown): CountrySetup {
    const doc = {
      country: 'zz', name: 'Test', charset: 'AB', classes: {}, templates: [{ name: 'any', pattern: '[AB]+' }],
      plate: { aspect: 3, minWidthPx: 40, cropPadding: [0, 0] }, detectors, colourProposals, characterRows,
    };
    const country = parseCountry(JSON.stringify(doc), 'zz.yaml', 'zz');
    return { country, templates: compileTemplates(country), modelsDir: dir };
  }

  /** A grey RGB picture with one bright rectangle per box. */
  function picture(blobs: { x: number; y: number; w: number; h: number }[]): RgbImage {
    const width = 640, height = 480;
    const data = new Uint8Array(width * height * 3).fill(100);
    for (const b of blobs) for (let y = b.y; y < b.y + b.h; y++) data.fill(255, (y * width + b.x) * 3, (y * width + b.x + b.w) * 3);
    return { width, height, data };
  }

  it('runs every detector of the country, each with its own parameters, best score first', async () => {
    const image = picture([{ x: 100, y: 100, w: 30, h: 10 }, { x: 300, y: 300, w: 140, h: 46 }]);
    const one = await (await openDetector(setupWith(['one-row']))).detect(image);
    const found = await (await openDetector(setupWith(['one-row', 'two-row']))).detect(image);
    const wide = (box: { w: number }) => box.w >= 200;
    // The second detector adds boxes, all at least its 200 px: the narrower ones are the first detector's alone.
    assert.ok(found.length > one.length, `${found.length} boxes from both, ${one.length} from one`);
    assert.deepEqual(found.filter((box) => !wide(box)), one.filter((box) => !wide(box)));
    assert.ok(found.every((box, i) => i === 0 || box.score <= found[i - 1]!.score), 'best score first');
  });

  it('finds the same boxes on worker threads, several images at once, and stops the threads on close', async () => {
    const images = [
      picture([{ x: 100, y: 100, w: 30, h: 10 }, { x: 300, y: 300, w: 140, h: 46 }]),
      picture([{ x: 200, y: 50, w: 60, h: 20 }]),
    ];
    const here = await openDetector(setupWith(['one-row', 'two-row']));
    const threaded = await openDetector(setupWith(['one-row', 'two-row']), 0, 2);
    try {
      const expected = await Promise.all(images.map((image) => here.detect(image)));
      assert.ok(expected.every((boxes) => boxes.length > 0));
      assert.deepEqual(await Promise.all(images.map((image) => threaded.detect(image))), expected);
    } finally {
      await threaded.close();
    }
    await assert.rejects(threaded.detect(images[0]!), /closed/);
  });

  it('stops the threads of the detectors it opened when another cannot be opened', async () => {
    // Threads left running would keep this test file's process from ending.
    await assert.rejects(openDetector(setupWith(['one-row', 'absent']), 0, 2), /absent/);
  });

  it('finds nothing, without an error, when asked only for plates narrower than a detector looks for', async () => {
    const image = picture([{ x: 300, y: 300, w: 140, h: 46 }]);
    const detector = await openDetector(setupWith(['one-row', 'two-row']));
    const region = { x: 0, y: 0, w: 640, h: 480 };
    assert.deepEqual(await detector.detect(image, { region, reason: 'motion', maxPlateWidth: 40 }), []);
    // The one-row detector (45 px up) still searches a range that reaches its narrowest plate.
    assert.ok((await detector.detect(image, { region, reason: 'motion', maxPlateWidth: 180 })).length > 0);
  });

  it("applies the first detector's verification threshold", async () => {
    assert.equal((await openDetector(setupWith(['one-row', 'two-row']))).verifyMinConfidence, null);
    assert.equal((await openDetector(setupWith(['two-row', 'one-row']))).verifyMinConfidence, 0.5);
  });

  it("takes the first detector's turned photo search and searches by colour where the country has plate colours", async () => {
    const plain = await openDetector(setupWith(['one-row']));
    assert.deepEqual(plain.photoSearch, { turned: { turns: [], minPlateWidth: 45 }, byColour: false, byCharacterRows: false });
    assert.equal(plain.proposeByColour, null);
    const colourProposals = { aspect: [1, 6], colours: [{ name: 'white', hue: [0, 360], minSaturation: 0, minValue: 0.9 }] };
    const both = await openDetector(setupWith(['two-row', 'one-row'], colourProposals));
    assert.deepEqual(both.photoSearch, { turned: { turns: [15], minPlateWidth: 300 }, byColour: true, byCharacterRows: false });
    assert.equal(both.minPlateWidth, 45, 'the narrowest plate any detector looks for');
    const image = picture([{ x: 300, y: 300, w: 140, h: 46 }]);
    // Printed: dark strokes 2 px wide across the white plate (a blank one is no plate to the colour search).
    for (let x = 310; x < 430; x += 15) for (let y = 310; y < 336; y++) image.data.fill(0, (y * 640 + x) * 3, (y * 640 + x + 2) * 3);
    const [box, ...more] = both.proposeByColour!(image);
    assert.equal(more.length, 0);
    // Found on a 3x shrunk copy (the 45 px window over 12 px), so within 3 px.
    assert.ok([box!.x - 300, box!.y - 300, box!.w - 140, box!.h - 46].every((d) => Math.abs(d) <= 3), JSON.stringify(box));
    // Within a request's region and plate widths, as the cascades search.
    const around = { x: 250, y: 250, w: 250, h: 150 };
    const [found, ...again] = both.proposeByColour!(image, { region: around, reason: 'track', minPlateWidth: 100, maxPlateWidth: 200 });
    assert.equal(again.length, 0);
    // Blocks of 8 px (100 px over 12) from the region's corner: a block half on the plate may be left out on each side.
    assert.ok(iou(found!, { x: 300, y: 300, w: 140, h: 46 }) > 0.7, JSON.stringify(found));
    assert.deepEqual(both.proposeByColour!(image, { region: { x: 0, y: 0, w: 200, h: 200 }, reason: 'motion' }), []);
    assert.deepEqual(both.proposeByColour!(image, { region: around, reason: 'motion', maxPlateWidth: 100 }), []);
    assert.deepEqual(both.proposeByColour!(image, { region: around, reason: 'motion', maxPlateWidth: 30 }), [], 'narrower than any detector');
  });

  it('searches by rows of characters where the country has characterRows, at their read confidence', async () => {
    assert.equal((await openDetector(setupWith(['one-row']))).characterRows, null);
    const characterRows = { characterHeight: 0.6, minCharacters: 4, minReadConfidence: 0.1, maxCharacters: 9 };
    const withRows = await openDetector(setupWith(['one-row'], undefined, characterRows));
    assert.equal(withRows.photoSearch.byCharacterRows, true);
    assert.equal(withRows.characterRows?.minReadConfidence, 0.1);
    // Five bright 0s (6x12 rings, 2 px strokes) 3 px apart: a row of characters 12 px tall, as in a 60 px plate.
    const image = picture([0, 1, 2, 3, 4].map((i) => ({ x: 300 + 9 * i, y: 200, w: 6, h: 12 })));
    for (let i = 0; i < 5; i++) {
      for (let y = 202; y < 210; y++) image.data.fill(100, (y * 640 + 302 + 9 * i) * 3, (y * 640 + 304 + 9 * i) * 3);
    }
    const holdsRow = (boxes: { x: number; y: number; w: number; h: number }[]) =>
      boxes.some((box) => box.x <= 300 && box.x + box.w >= 345 && box.y <= 200 && box.y + box.h >= 212);
    const boxes = withRows.characterRows!.find(image).proposals;
    assert.ok(holdsRow(boxes), JSON.stringify(boxes));
    // Within a request's region and plate widths, as the cascades search.
    const around = withRows.characterRows!.find(image, { region: { x: 250, y: 150, w: 200, h: 120 }, reason: 'motion' }).proposals;
    assert.ok(holdsRow(around), JSON.stringify(around));
    assert.deepEqual(withRows.characterRows!.find(image, { region: { x: 0, y: 0, w: 200, h: 150 }, reason: 'motion' }).proposals, []);
    assert.deepEqual(withRows.characterRows!.find(image, { region: { x: 0, y: 0, w: 640, h: 480 }, reason: 'motion', maxPlateWidth: 30 }).proposals, []);
  });

  it('says which file holds bad turns', async () => {
    await assert.rejects(openDetector(setupWith(['tilted'])), /tilted\.json": detection\.turns must be a list of angles in degrees between 0 and 90, got \[100\]; fix or delete the file/);
  });
});
