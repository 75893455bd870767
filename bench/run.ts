/**
 * `npm run bench`: runs every benchmark one after another and writes BENCHMARKS.md. Each benchmark prints its own
 * markdown; this file only adds the machine and the time, so that numbers can be compared with their context.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../test/fixtures/fixture-video.js';

interface Bench {
  title: string;
  /** What is measured and how to read it. */
  about: string;
  script: string;
  /** The program that runs the script: Node with tsx unless given. */
  runner?: string[];
}

const benches: Bench[] = [
  {
    title: 'Recognizer throughput (issue #3)',
    about:
      'LPRNet in onnxruntime-node on the CPU, the float model (fp32) and its INT8 version (int8, `lpr quantize`) side by side, beam search + templates, real CCPD crops; plates/s by batch size.',
    script: 'packages/recognize/bench/recognize-bench.ts',
  },
  {
    title: 'Detection speed (issue #4)',
    about: 'The LBP cascade in opencv-wasm on real scenes scaled to 720p and 1080p, single-threaded.',
    script: 'packages/detect/bench/detection-speed.ts',
  },
  {
    title: 'Detection speed in native OpenCV (issue #4)',
    about: 'The same cascade on the same scenes in native OpenCV 4.6 (Debian python3-opencv), one thread: the reference for opencv-wasm above.',
    script: 'bench/native_detection.py',
    runner: ['/usr/bin/python3'],
  },
  {
    title: 'Photo detection (issue #4)',
    about: '`lpr detect` on the 70 labelled street photos, photos searched one at a time or one per core (`--threads`).',
    script: 'bench/photo-detection.ts',
  },
  {
    title: 'Embedded pipeline (issue #2)',
    about: '`lpr process` stages in one process on the fixture video (640x360, 10 fps).',
    script: 'bench/pipeline.ts',
  },
  {
    title: 'Distributed mode (issue #5)',
    about: 'Crops through BullMQ to recognizer workers on the local Redis; event latency from track end to the stream.',
    script: 'bench/distributed.ts',
  },
];

const only = process.argv.slice(2);
const sections: string[] = [];
for (const bench of benches) {
  if (only.length > 0 && !only.some((o) => bench.script.includes(o))) continue;
  process.stderr.write(`bench: ${bench.title}\n`);
  const load = loadavg()[0]!.toFixed(2);
  const started = Date.now();
  const [program, ...programArgs] = bench.runner ?? [process.execPath, '--import', 'tsx'];
  const run = spawnSync(program!, [...programArgs, join(repoRoot, bench.script)], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const body = run.status === 0 ? run.stdout.trim() : `**failed** (exit ${run.status}):\n\n\`\`\`\n${run.stdout.trim()}\n\`\`\``;
  const command = bench.runner ? `${bench.runner.join(' ')} ${bench.script}` : `node --import tsx ${bench.script}`;
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  sections.push(`## ${bench.title}\n\n${bench.about}\n\n\`${command}\` · ${when} UTC on ${machine()} · load average ${load} at start · ${seconds} s\n\n${body}\n`);
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const header = `# Benchmarks

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: ${cpus().length} cores (${cpu}),
Node ${process.version}. These machines are shared and noisy: compare numbers taken in the same run, and read the load
average given with each section (2.0 means both cores were already busy with other work).
`;
const out = join(repoRoot, 'BENCHMARKS.md');
const previous = only.length > 0 ? safeRead(out) : '';
writeFileSync(out, only.length > 0 && previous ? mergeSections(previous, sections) : [header, ...sections].join('\n'));
process.stderr.write(`bench: wrote ${out}\n`);

/**
 * Cores, CPU model and its vector extensions: machines that all report "2 cores (AMD EPYC)" have measured the
 * recognizer 3x apart, and the extensions (AVX-512 VNNI runs INT8 convolutions) tell them apart.
 */
function machine(): string {
  const flags = new Set(/^flags\s*:(.*)$/m.exec(safeRead('/proc/cpuinfo'))?.[1]?.trim().split(/\s+/) ?? []);
  const vector = ['avx512_vnni', 'avx_vnni', 'avx512f', 'avx2'].filter((flag) => flags.has(flag));
  return `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}${vector.length > 0 ? `; ${vector.join(', ')}` : ''})`;
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** With a filter, replace only the sections that ran and keep the others. */
function mergeSections(previous: string, fresh: string[]): string {
  let text = previous;
  for (const section of fresh) {
    const title = section.split('\n')[0]!;
    const start = text.indexOf(title);
    if (start < 0) {
      text = `${text.trimEnd()}\n\n${section}`;
      continue;
    }
    const next = text.indexOf('\n## ', start + title.length);
    text = text.slice(0, start) + section + (next < 0 ? '' : `\n${text.slice(next + 1)}`);
  }
  return text;
}
