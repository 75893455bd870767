/**
 * End to end on real footage: `lpr process --country eu` on a Dutch development clip reads its plate once, with the
 * sidecode's dashes in `formatted`. The clip is in the validation split: no crop of it was trained on.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from './fixtures/fixture-video.js';
import { lprCli, modelsPresent } from './helpers/cli.js';

const sharedData = process.env.LPR_SHARED_DATA ? resolve(process.env.LPR_SHARED_DATA) : resolve(repoRoot, '../shared/data');
const clip = join(sharedData, 'eu/nl-clips/Categorie_I__Video10_2.avi');

describe('lpr process on a real Dutch clip', () => {
  const skip = !existsSync(clip)
    ? `real clip absent: ${clip} (the shared data folder; set LPR_SHARED_DATA)`
    : !modelsPresent('eu')
      ? 'models/lprnet-eu.onnx or models/cascade-eu.xml absent'
      : false;

  it('reports the parked car once, plate XS-NB-23', { skip }, async () => {
    const run = await lprCli(['process', clip, '--country', 'eu', '--json', '--quiet']);
    assert.equal(run.code, 0, run.stderr);
    const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(
      events.map((e) => [e.plate, e.formatted, e.template]),
      [['XSNB23', 'XS-NB-23', 'nl-5']],
      `stderr:\n${run.stderr}`,
    );
    assert.equal(events[0].country, 'eu');
  });
});
