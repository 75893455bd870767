/**
 * `lpr detect` on a folder of real street photos (../shared/data/cn/scenes-unlabeled, 70 photos up to 12 MP), run as
 * a user runs it, with its photos searched one at a time on the main thread (`--threads 0`) and one per core (the
 * default). Runs alternate between the two; reports wall seconds per run and per photo, the ratio, and whether both
 * found the same boxes. Prints markdown.
 *
 *   node --import tsx bench/photo-detection.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { repoRoot, sharedData } from '../test/fixtures/fixture-video.js';

const photos = join(sharedData, 'cn', 'scenes-unlabeled');
const cli = join(repoRoot, 'apps/cli/dist/main.js');
const ROUNDS = 2;

function detect(threads: number): { seconds: number; output: string } {
  const started = performance.now();
  const run = spawnSync(process.execPath, [cli, 'detect', photos, '--country', 'cn', '--json', '--quiet', '--threads', String(threads)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`lpr detect --threads ${threads} failed (exit ${run.status}): ${run.stderr.trim()}`);
  // Drop each photo's search time: it differs from run to run, the boxes must not.
  const output = run.stdout.replace(/,"ms":[\d.]+/g, '');
  return { seconds: (performance.now() - started) / 1000, output };
}

if (!existsSync(photos) || !existsSync(cli)) {
  console.log(`skipped: needs ${photos} and the built CLI (npm run bench builds it)`);
} else {
  const count = readdirSync(photos).length;
  const cores = availableParallelism();
  const settings = [0, cores];
  const seconds = new Map<number, number[]>(settings.map((threads) => [threads, []]));
  const outputs = new Map<number, string>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const threads of settings) {
      const run = detect(threads);
      seconds.get(threads)!.push(run.seconds);
      outputs.set(threads, run.output);
    }
  }
  const best = (threads: number) => Math.min(...seconds.get(threads)!);
  console.log(`${count} photos, recognizer verification and every default search; best of ${ROUNDS} runs each, alternating.\n`);
  console.log('| `--threads` | s for all photos (runs) | ms/photo |');
  console.log('|---:|---:|---:|');
  for (const threads of settings) {
    const runs = seconds.get(threads)!.map((s) => s.toFixed(1)).join(', ');
    console.log(`| ${threads}${threads === cores ? ' (default: the cores)' : ''} | ${best(threads).toFixed(1)} (${runs}) | ${((best(threads) / count) * 1000).toFixed(0)} |`);
  }
  const same = outputs.get(0) === outputs.get(cores);
  console.log(`\n${cores} threads / 0: x${(best(cores) / best(0)).toFixed(2)} the time; boxes and reads ${same ? 'identical' : '**differ**'}.`);
}
