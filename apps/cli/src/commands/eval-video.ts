import { join, resolve } from 'node:path';
import { createLogger, roundScore, type PlateEvent } from '@lpr/core';
import { openFrameSource } from '@lpr/decode';
import { MemorySink } from '@lpr/events';
import { loadCountrySetup } from '@lpr/pipeline';
import { noPositionals, parseCommand } from '../args.js';
import { evalTargets, scoreClip, summarize, type ClipScore, type EvalSummary } from '../clip-scoring.js';
import { EmbeddedPipeline, pipelineOptionSpecs, pipelineOptionsHelp, readPipelineSettings } from '../embedded-pipeline.js';
import { defaultClipsDir, readLabelledClips } from '../labelled-clips.js';
import { printLine } from '../output.js';
import { ProgressLine } from '../progress.js';

const help = `usage: lpr eval-video --country CODE [--clips DIR] [--labels FILE] [--json] [options]

Run every labelled clip through the same embedded pipeline as "lpr process" (models loaded once) and score the
events: a labelled plate is read when an event has exactly its characters (dashes, spaces and dots ignored); an
event matching no label is a wrong extra; a labelled plate reported by several events is a duplicate. Prints a
table per clip and a summary. Exits 0 whenever it ran: the numbers are the result.

options:
  --country CODE          country of the plates (models/countries/CODE.yaml)
  --clips DIR             folder of clips (default for eu: ../shared/data/eu/nl-clips beside the repository,
                          or $LPR_SHARED_DATA/eu/nl-clips)
  --labels FILE           CSV with header "clip,plate", one row per plate (default: DIR/labels.csv)
  --json                  print one JSON document: {"clips":[...],"summary":{...}}
${pipelineOptionsHelp}
  --quiet                 no progress on stderr`;

interface ClipResult extends ClipScore {
  clip: string;
  labels: string[];
  events: PlateEvent[];
  ms: number;
}

export async function evalVideoCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand('eval-video', help, argv, {
    country: { type: 'string' },
    clips: { type: 'string' },
    labels: { type: 'string' },
    json: { type: 'boolean', default: false },
    ...pipelineOptionSpecs,
    quiet: { type: 'boolean', default: false },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  noPositionals('eval-video', positionals);
  const settings = readPipelineSettings(values);
  const setup = await loadCountrySetup(values.country);
  const country = setup.country.code;

  const clipsDir = values.clips ? resolve(values.clips) : defaultClipsDir(country);
  const labelsFile = values.labels ? resolve(values.labels) : join(clipsDir, 'labels.csv');
  const hint = values.clips
    ? 'pass --clips DIR, a folder of clips with a labels.csv'
    : 'pass --clips DIR, or set LPR_SHARED_DATA to the shared data folder';
  const clips = await readLabelledClips(clipsDir, labelsFile, hint);

  const pipeline = await EmbeddedPipeline.load(setup, settings, createLogger());
  const progress = new ProgressLine(!values.quiet);
  const started = performance.now();
  const results: ClipResult[] = [];
  let frames = 0;
  try {
    for (const [i, { clip, plates }] of clips.entries()) {
      const clipStarted = performance.now();
      const source = await openFrameSource(resolve(clipsDir, clip), settings.source);
      const sink = new MemorySink();
      try {
        const stats = await pipeline.run(source, sink, 'default', {
          onProgress: (p) => progress.update(`clip ${i + 1}/${clips.length} ${clip}: ${p.frames} frames, ${p.events} plates`),
        });
        frames += stats.frames;
      } finally {
        await source.close();
      }
      const ms = Math.round(performance.now() - clipStarted);
      results.push({ clip, labels: plates, events: sink.events, ms, ...scoreClip(plates, sink.events.map((e) => e.plate)) });
    }
  } finally {
    await pipeline.close();
  }
  const totalMs = Math.round(performance.now() - started);
  progress.done(`done: ${clips.length} clips, ${frames} frames in ${(totalMs / 1000).toFixed(1)} s`);

  const summary = summarize(results);
  if (values.json) printLine(JSON.stringify(jsonReport(country, clipsDir, labelsFile, results, summary, totalMs), null, 2));
  else printReport(results, summary, totalMs);
  return 0;
}

function jsonReport(country: string, clipsDir: string, labels: string, results: ClipResult[], summary: EvalSummary, totalMs: number) {
  return {
    country,
    clipsDir,
    labels,
    targets: evalTargets,
    clips: results.map((r) => ({
      clip: r.clip,
      expected: r.labels,
      got: r.events.map((e) => e.formatted),
      read: r.read,
      plates: r.labels.length,
      wrongExtra: r.wrongExtra,
      duplicates: r.duplicates,
      ms: r.ms,
      events: r.events.map((e) => ({
        plate: e.plate,
        formatted: e.formatted,
        template: e.template,
        confidence: e.confidence,
        reads: e.reads,
        firstSeenMs: e.firstSeenMs,
        lastSeenMs: e.lastSeenMs,
      })),
    })),
    summary: { ...summary, readRate: roundScore(summary.readRate), totalMs },
  };
}

function printReport(results: ClipResult[], summary: EvalSummary, totalMs: number): void {
  const rows = results.map((r) => [
    r.clip,
    r.labels.join(' '),
    r.events.map((e) => e.formatted).join(' ') || '-',
    `${r.read}/${r.labels.length}`,
    String(r.wrongExtra),
    String(r.duplicates),
    String(r.ms),
  ]);
  for (const line of formatTable(['clip', 'expected', 'got', 'read', 'wrong extra', 'duplicates', 'ms'], rows)) printLine(line);
  printLine('');
  const percent = (summary.readRate * 100).toFixed(1);
  printLine(`plates read exactly: ${summary.platesRead}/${summary.plates} (${percent}%), target >= ${evalTargets.minReadRate * 100}%`);
  printLine(
    `clips with more than ${evalTargets.maxWrongExtraPerClip} wrong extra event: ${summary.clipsOverWrongExtra}/${summary.clips} ` +
      `(${summary.wrongExtra} wrong extra events in all), target 0`,
  );
  printLine(`duplicate reports: ${summary.duplicates}, target ${evalTargets.maxDuplicates}`);
  printLine(`total time: ${(totalMs / 1000).toFixed(1)} s`);
  printLine(summary.targetsMet ? 'targets met' : 'targets not met');
}

/** Left-aligned text columns, numbers right-aligned. */
function formatTable(header: string[], rows: string[][]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => displayWidth(row[c]!))));
  const numeric = header.map((_, c) => rows.every((row) => /^[\d/]+$/.test(row[c]!)));
  return all.map((row) =>
    row
      .map((cell, c) => {
        const pad = ' '.repeat(widths[c]! - displayWidth(cell));
        return numeric[c] ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}

/** Terminal columns: CJK characters (Chinese plates' province) take two. */
function displayWidth(text: string): number {
  return text.length + (text.match(/[\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/g)?.length ?? 0);
}
