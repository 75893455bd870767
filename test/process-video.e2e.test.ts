/**
 * End to end: `lpr process` on the generated fixture video prints one JSON event per vehicle, with the right plate,
 * in order, and nothing else on stdout.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, it, before } from 'node:test';
import sharp from 'sharp';
import { fixtureCropsPresent, fixtureVehicles, fixtureVideoPath, makeFixtureVideo, repoRoot } from './fixtures/fixture-video.js';
import { lprCli, modelsPresent } from './helpers/cli.js';

describe('lpr process (embedded mode)', () => {
  const skip = !fixtureCropsPresent()
    ? 'real plate crops absent: ../shared/data/cn/ccpd-crops is needed to build the fixture video'
    : !modelsPresent('cn')
      ? 'models/lprnet-cn.onnx or models/cascade-cn.xml absent'
      : false;

  before(() => {
    if (!skip && !existsSync(fixtureVideoPath)) makeFixtureVideo();
  });

  it('prints one event per vehicle with the plate read exactly', { skip }, async () => {
    const run = await lprCli(['process', fixtureVideoPath, '--country', 'cn', '--json', '--camera', 'fixture']);
    assert.equal(run.code, 0, run.stderr);
    const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(
      events.map((e) => e.plate),
      fixtureVehicles.map((v) => v.plate),
      `stderr:\n${run.stderr}`,
    );
    events.forEach((e, i) => {
      const v = fixtureVehicles[i]!;
      assert.equal(e.type, 'plate');
      assert.equal(e.country, 'cn');
      assert.equal(e.camera, 'fixture');
      assert.equal(e.template, 'standard');
      assert.ok(e.reads >= 2, `track ${e.track} has ${e.reads} reads`);
      assert.ok(e.confidence > 0 && e.confidence <= 1);
      // Media time: the plate is on screen between fromS and toS.
      assert.ok(e.firstSeenMs >= v.fromS * 1000 - 150 && e.lastSeenMs <= v.toS * 1000 + 150, JSON.stringify(e));
      assert.ok(Math.abs(e.box.y - v.y) < 30, `box ${JSON.stringify(e.box)} is not where the plate was`);
    });
    assert.equal(new Set(events.map((e) => e.id)).size, events.length, 'event ids are unique');
  });

  it("writes each vehicle's plate picture with --snapshots and names it in the event", { skip }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lpr-snapshots-'));
    try {
      const run = await lprCli(['process', fixtureVideoPath, '--country', 'cn', '--json', '--snapshots', join(dir, 'plates')]);
      assert.equal(run.code, 0, run.stderr);
      const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
      assert.equal(events.length, fixtureVehicles.length, run.stderr);
      const schema = JSON.parse(await readFile(join(repoRoot, 'schemas/plate-event.schema.json'), 'utf8')) as { properties: object };
      for (const e of events) {
        for (const field of Object.keys(e)) assert.ok(field in schema.properties, `the event schema lacks "${field}"`);
        assert.equal(e.snapshot, join(dir, 'plates', `${e.id.replace(':', '_')}.jpg`));
        // The plate where it was seen largest, with the country's margin around the event's box.
        const { width, height, format } = await sharp(e.snapshot).metadata();
        assert.equal(format, 'jpeg');
        assert.ok(width! > e.box.w && width! <= Math.ceil(e.box.w * 1.12) + 2, `${width} px for a ${e.box.w} px box`);
        assert.ok(height! > e.box.h && height! <= Math.ceil(e.box.h * 1.24) + 2, `${height} px for a ${e.box.h} px box`);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps the plate pictures within --snapshots-keep-days, deleting only old pictures', { skip }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lpr-snapshots-'));
    try {
      const old = join(dir, 'gate_1700000000000_1.jpg');
      await writeFile(old, Buffer.alloc(100));
      const longAgo = new Date(Date.now() - 40 * 24 * 3600 * 1000);
      await utimes(old, longAgo, longAgo);
      await writeFile(join(dir, 'README.txt'), 'not a picture: never deleted');
      const run = await lprCli(['process', fixtureVideoPath, '--country', 'cn', '--json', '--snapshots', dir, '--snapshots-keep-days', '30']);
      assert.equal(run.code, 0, run.stderr);
      const pictures = run.stdout.trim().split('\n').map((line) => basename(JSON.parse(line).snapshot));
      assert.deepEqual((await readdir(dir)).sort(), ['README.txt', ...pictures].sort());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('samples frames with --fps and still reads every vehicle once', { skip }, async () => {
    const run = await lprCli(['process', fixtureVideoPath, '--country', 'cn', '--json', '--fps', '5']);
    assert.equal(run.code, 0, run.stderr);
    const plates = run.stdout.trim().split('\n').map((line) => JSON.parse(line).plate);
    assert.deepEqual(plates, fixtureVehicles.map((v) => v.plate), run.stderr);
  });
});
