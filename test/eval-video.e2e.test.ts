/**
 * End to end: `lpr eval-video` on a labels.csv written for the generated fixture video reads its three plates, with
 * no wrong extra or duplicate event, and prints the per-clip table without --json.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fixtureCropsPresent, fixtureVehicles, fixtureVideoPath, makeFixtureVideo } from './fixtures/fixture-video.js';
import { lprCli, modelsPresent } from './helpers/cli.js';

describe('lpr eval-video', () => {
  const skip = !fixtureCropsPresent()
    ? 'real plate crops absent: ../shared/data/cn/ccpd-crops is needed to build the fixture video'
    : !modelsPresent('cn')
      ? 'models/lprnet-cn.onnx or models/cascade-cn.xml absent'
      : false;
  const clips = mkdtempSync(join(tmpdir(), 'lpr-eval-video-'));

  before(() => {
    if (skip) return;
    if (!existsSync(fixtureVideoPath)) makeFixtureVideo();
    copyFileSync(fixtureVideoPath, join(clips, 'traffic-cn.mp4'));
    // Labels as printed, with separators the comparison ignores.
    const rows = fixtureVehicles.map((v) => `traffic-cn.mp4,${v.plate.slice(0, 2)}·${v.plate.slice(2)}`);
    writeFileSync(join(clips, 'labels.csv'), ['clip,plate', ...rows].join('\n') + '\n');
  });

  it('reads every labelled plate of the fixture video, with no wrong or duplicate event', { skip }, async () => {
    const run = await lprCli(['eval-video', '--country', 'cn', '--clips', clips, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(report.clips.length, 1);
    const clip = report.clips[0];
    assert.equal(clip.clip, 'traffic-cn.mp4');
    assert.deepEqual(clip.events.map((e: { plate: string }) => e.plate), fixtureVehicles.map((v) => v.plate), run.stderr);
    assert.deepEqual([clip.read, clip.plates, clip.wrongExtra, clip.duplicates], [3, 3, 0, 0]);
    assert.ok(clip.ms > 0);
    assert.deepEqual(
      { ...report.summary, totalMs: undefined },
      { clips: 1, platesRead: 3, plates: 3, readRate: 1, wrongExtra: 0, clipsOverWrongExtra: 0, duplicates: 0, targetsMet: true, totalMs: undefined },
    );
    assert.match(run.stderr, /clip 1\/1 traffic-cn\.mp4/);
  });

  it('prints a table per clip and the summary, with the tuning options of lpr process', { skip }, async () => {
    const run = await lprCli(['eval-video', '--country', 'cn', '--clips', clips, '--fps', '5', '--quiet']);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.match(lines[0]!, /^clip\s+expected\s+got\s+read\s+wrong extra\s+duplicates\s+ms$/);
    assert.match(lines[1]!, /^traffic-cn\.mp4\s+苏A·0X3B2 川J·K0707 湘E·269JY\s+苏A·0X3B2 川J·K0707 湘E·269JY\s+3\/3\s+0\s+0\s+\d+$/);
    assert.ok(lines.includes('plates read exactly: 3/3 (100.0%), target >= 90%'), run.stdout);
    assert.equal(lines.at(-1), 'targets met');
    assert.doesNotMatch(run.stderr, /clip 1\/1/, '--quiet: no progress');
  });
});
