/**
 * Two-row plates on real pictures: the labelled plates of training/labels/cn-scenes.csv (scenes in ../shared/data),
 * cut with 10% margin per side, read by the China recognizer with and without the country's two-row layout. Until a
 * model trained on two-row plates ships, their reads are only reported; what is asserted is that reading narrow crops
 * both ways costs the one-row plates nothing.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cropRgb, padBox, silentLogger, type PlateRead, type RgbImage } from '@lpr/core';
import { loadImage } from '@lpr/decode';
import { loadCountrySetup, loadRecognizer, type CountrySetup } from '@lpr/pipeline';
import { sharedData, repoRoot } from './fixtures/fixture-video.js';
import { modelsPresent } from './helpers/cli.js';

const labelsFile = join(repoRoot, 'training/labels/cn-scenes.csv');

interface LabelledPlate {
  /** The plate's text; '?' where unreadable. */
  plate: string;
  rows: number;
  crop: RgbImage;
}

/** Every labelled plate cut out of its scene with 10% margin per side, each scene decoded once. */
async function labelledPlates(): Promise<LabelledPlate[]> {
  const [header, ...lines] = readFileSync(labelsFile, 'utf8').trim().split('\n');
  const columns = header!.split(',');
  const scenes = new Map<string, Promise<RgbImage>>();
  return Promise.all(
    lines.map(async (line) => {
      const row = line.split(',');
      const at = (name: string) => row[columns.indexOf(name)]!;
      const image = at('image');
      if (!scenes.has(image)) scenes.set(image, loadImage(join(sharedData, image)));
      const box = { x: Number(at('x')), y: Number(at('y')), w: Number(at('w')), h: Number(at('h')) };
      return { plate: at('plate'), rows: Number(at('rows')), crop: cropRgb(await scenes.get(image)!, padBox(box, 0.1, 0.1)) };
    }),
  );
}

async function readAll(setup: CountrySetup, crops: RgbImage[]): Promise<PlateRead[]> {
  const recognizer = await loadRecognizer(setup, { decoder: 'beam', useTemplates: true, device: 'cpu', logger: silentLogger });
  try {
    return await recognizer.recognize(crops);
  } finally {
    await recognizer.close();
  }
}

test('two-row reading of cn scenes: one-row plates read as before, two-row reads reported', async (t) => {
  if (!existsSync(join(sharedData, 'cn/scenes-unlabeled'))) return t.skip(`real data absent: ${sharedData}/cn/scenes-unlabeled`);
  if (!modelsPresent('cn')) return t.skip('models/lprnet-cn.onnx absent');
  const setup = await loadCountrySetup('cn');
  assert.ok(setup.country.plate.twoRow, 'models/countries/cn.yaml has plate.twoRow');
  const oneRowOnly: CountrySetup = { ...setup, country: { ...setup.country, plate: { ...setup.country.plate, twoRow: undefined } } };

  const plates = await labelledPlates();
  const crops = plates.map((p) => p.crop);
  const [before, after] = [await readAll(oneRowOnly, crops), await readAll(setup, crops)];

  const report: string[] = [];
  let unchanged = 0;
  plates.forEach(({ plate, rows }, i) => {
    const [was, now] = [before[i]!, after[i]!];
    if (rows === 2) report.push(`${plate}: ${was.plate} -> ${now.plate} (${now.layout})`);
    // A one-row plate read right as is must not be displaced by its side-by-side read.
    else if (was.plate === plate) {
      assert.deepEqual(now, was, `one-row ${plate}`);
      unchanged++;
    }
  });
  t.diagnostic(`${unchanged} one-row plates read right, all as before; two-row plates, read as is -> both ways: ${report.join('; ')}`);
  assert.equal(report.length, 12, 'the 12 two-row plates labelled');
});
