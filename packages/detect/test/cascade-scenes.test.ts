import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, parse, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { iou, type Box } from '@lpr/core';
import { CascadeDetector } from '../src/index.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const sharedData = process.env.LPR_SHARED_DATA ?? resolve(repoRoot, '../shared/data');
const scenes = join(sharedData, 'cn/ccpd-scenes');
const cascadePath = join(repoRoot, 'models/cascade-cn.xml');

/** The team-wide validation split (training/lpr_training/common/splits.py): never trained on. */
function isValidation(stem: string): boolean {
  return parseInt(createHash('sha1').update(stem).digest('hex').slice(0, 8), 16) % 10 < 3;
}

interface LabelledScene {
  image: string;
  plate: Box;
}

function validationScenes(): LabelledScene[] {
  const [header, ...rows] = readFileSync(join(scenes, 'labels.csv'), 'utf8').trim().split('\n');
  const columns = header!.split(',');
  const at = (row: string[], name: string) => row[columns.indexOf(name)]!;
  return rows
    .map((line) => line.split(','))
    .filter((row) => isValidation(parse(at(row, 'image')).name))
    .map((row) => ({
      image: at(row, 'image'),
      plate: { x: Number(at(row, 'x')), y: Number(at(row, 'y')), w: Number(at(row, 'w')), h: Number(at(row, 'h')) },
    }));
}

test('the Chinese cascade finds the labelled plates of validation scenes', async (t) => {
  if (!existsSync(join(scenes, 'labels.csv'))) return t.skip(`data absent: ${scenes}/labels.csv`);
  if (!existsSync(cascadePath)) return t.skip(`cascade absent: ${cascadePath} (npm run train:detector)`);
  const { loadImage } = await import('@lpr/decode');
  const detector = await CascadeDetector.load(cascadePath);
  try {
    const labelled = validationScenes();
    assert.ok(labelled.length >= 3, `only ${labelled.length} validation scenes`);
    const report: string[] = [];
    let found = 0;
    for (const { image, plate } of labelled) {
      const picture = await loadImage(join(scenes, image));
      const boxes = detector.detect(picture);
      for (const box of boxes) {
        assert.ok(box.x >= -1 && box.y >= -1 && box.x + box.w <= picture.width + 1 && box.y + box.h <= picture.height + 1,
          `${image}: box ${JSON.stringify(box)} outside the ${picture.width}x${picture.height} image`);
      }
      const best = Math.max(0, ...boxes.map((box) => iou(box, plate)));
      if (best >= 0.3) found++;
      report.push(`${image}: ${boxes.length} boxes, best IoU ${best.toFixed(2)}`);
    }
    t.diagnostic(report.join('; '));
    assert.ok(found >= Math.ceil(labelled.length * 0.6), `plates found in ${found}/${labelled.length} scenes: ${report.join('; ')}`);
  } finally {
    detector.close();
  }
});
