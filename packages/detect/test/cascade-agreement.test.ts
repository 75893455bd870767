import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CascadeDetector } from '../src/index.js';

/**
 * Format fidelity against the Python cascade trainer (training/tests/test_cascade.py writes and checks the same
 * fixture): for every window-sized image, opencv-wasm scanning exactly one window (minSize = maxSize = window, one
 * scale, minNeighbors 0) must accept or reject it as the trainer's own evaluator does.
 */
const fixture = fileURLToPath(new URL('../../../test/fixtures/cascade-agreement/', import.meta.url));

interface AgreementFixture {
  cascade: string;
  windows: { file: string; passes: boolean }[];
}

test('opencv-wasm agrees with the trainer on every fixture window', async (t) => {
  const expectedPath = join(fixture, 'expected.json');
  if (!existsSync(expectedPath)) {
    t.skip(`fixture absent: ${expectedPath} (committed by the cascade trainer)`);
    return;
  }
  // The project's own image loader; a workspace sibling, so it is used from its build.
  const { loadImage } = await import('@lpr/decode');
  const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as AgreementFixture;
  assert.ok(expected.windows.length > 0, 'the fixture lists no windows');
  const detector = await CascadeDetector.load(join(fixture, expected.cascade));
  try {
    const { width, height } = detector.window;
    const disagreements: string[] = [];
    for (const window of expected.windows) {
      const image = await loadImage(join(fixture, window.file));
      assert.deepEqual([image.width, image.height], [width, height], `${window.file} is not window-sized`);
      const boxes = detector.detect(image, { minPlateWidth: width, maxPlateWidth: width, minNeighbors: 0, scaleFactor: 1.1 });
      if (boxes.length > 0 !== window.passes) disagreements.push(`${window.file}: trainer says ${window.passes ? 'pass' : 'reject'}`);
    }
    assert.deepEqual(disagreements, []);
    const passing = expected.windows.filter((w) => w.passes).length;
    assert.ok(passing > 0 && passing < expected.windows.length, 'a useful fixture has both passing and rejected windows');
  } finally {
    detector.close();
  }
});
