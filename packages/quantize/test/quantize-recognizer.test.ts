import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RgbImage } from '@lpr/core';
import { defaultModelsDir } from '@lpr/recognize';
import { quantizeRecognizer } from '../src/index.js';

const fp32Path = join(defaultModelsDir(), 'lprnet-cn.onnx');

/** A crop of vertical stripes, different for each seed: calibration needs values, not plates, here. */
function stripes(seed: number): RgbImage {
  const [width, height] = [94, 24];
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.fill(((i % width) * (seed + 3) * 7) % 256, i * 3, i * 3 + 3);
  return { width, height, data };
}

test('writes the int8 model and its metadata into an output folder it creates', async (t) => {
  if (!existsSync(fp32Path)) return t.skip(`model absent: ${fp32Path}`);
  const dir = mkdtempSync(join(tmpdir(), 'lpr-quantize-'));
  try {
    const outputPath = join(dir, 'not', 'yet', 'lprnet-cn-int8.onnx');
    const crops = Array.from({ length: 8 }, (_, seed) => stripes(seed));
    const result = await quantizeRecognizer({ modelPath: fp32Path, outputPath, crops, calibration: { source: 'stripes', files: 8 } });
    assert.ok(existsSync(outputPath), 'the model');
    assert.equal(JSON.parse(readFileSync(result.metadataPath, 'utf8')).quantization.calibration.files, 8);
    assert.ok(result.convs > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
