import { LprError, createLogger } from '@lpr/core';
import { openFrameSource, writeImage } from '@lpr/decode';
import { JsonLinesSink, type PlateEventSink } from '@lpr/events';
import { SnapshotSink, TrackSnapshots, loadCountrySetup, type StreamProgress } from '@lpr/pipeline';
import { parseCommand } from '../args.js';
import { EmbeddedPipeline, pipelineOptionSpecs, pipelineOptionsHelp, readPipelineSettings } from '../embedded-pipeline.js';
import { formatMediaTime } from '../output.js';
import { ProgressLine } from '../progress.js';
import { readSnapshotSettings, snapshotOptionSpecs, snapshotOptionsHelp, startSnapshotRetention } from '../snapshot-options.js';
import { TextEventSink } from '../text-event-sink.js';

const help = `usage: lpr process <file | rtsp://url> --country CODE [options]

Read plates from a video file or a live RTSP stream and print one event per vehicle track when the track ends.

options:
  --country CODE          country of the plates (models/countries/CODE.yaml)
  --json                  one JSON line per vehicle (see README "lpr process output")
  --camera ID             camera id written into events (default: "default")
${snapshotOptionsHelp}
${pipelineOptionsHelp}
  --quiet                 no progress on stderr`;

export async function processCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand('process', help, argv, {
    country: { type: 'string' },
    json: { type: 'boolean', default: false },
    camera: { type: 'string', default: 'default' },
    ...snapshotOptionSpecs,
    ...pipelineOptionSpecs,
    quiet: { type: 'boolean', default: false },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new LprError('lpr process takes exactly one video file or rtsp:// URL (see: lpr process --help)');
  const input = positionals[0]!;
  const settings = readPipelineSettings(values);
  const pictures = readSnapshotSettings(values);
  const logger = createLogger();

  const setup = await loadCountrySetup(values.country);
  // The input is checked before the models load, so that a wrong path fails at once.
  const source = await openFrameSource(input, settings.source);
  let pipeline;
  try {
    pipeline = await EmbeddedPipeline.load(setup, settings, logger);
  } catch (err) {
    await source.close();
    throw err;
  }
  const printed: PlateEventSink = values.json ? new JsonLinesSink(process.stdout) : new TextEventSink();
  const snapshots = pictures ? new TrackSnapshots() : undefined;
  const sink = pictures && snapshots ? new SnapshotSink(printed, snapshots, { dir: pictures.dir, write: writeImage, logger }) : printed;
  const retention = startSnapshotRetention(pictures, logger);

  // Ctrl-C stops decoding; tracks in flight still end and their events are still printed.
  const stop = () => void source.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const progress = new ProgressLine(!values.quiet);
  const started = performance.now();
  const describe = (p: StreamProgress) => {
    const seconds = (performance.now() - started) / 1000;
    return `${p.frames} frames, media ${formatMediaTime(p.mediaMs)}, ${(p.frames / seconds).toFixed(1)} frames/s, ${p.events} plates`;
  };
  let stats;
  try {
    stats = await pipeline.run(source, sink, values.camera, { onProgress: (p) => progress.update(describe(p)), ...(snapshots ? { snapshots } : {}) });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await source.close();
    await pipeline.close();
    await sink.close();
    await retention?.stop();
  }
  progress.done(
    `done: ${stats.frames} frames, ${stats.tracks} tracks, ${stats.events} plates ` +
      `in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return 0;
}
