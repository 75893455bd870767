import { LprError, createLogger } from '@lpr/core';
import { openFrameSource } from '@lpr/decode';
import { JsonLinesSink, type PlateEventSink } from '@lpr/events';
import {
  CameraIngest,
  TrackAssembler,
  assemblerOptionsFor,
  loadCountrySetup,
  loadRecognizer,
  openDetector,
  processStream,
} from '@lpr/pipeline';
import { InProcessCropQueue } from '@lpr/queue';
import { choiceOption, numberOption, parseCommand } from '../args.js';
import { formatMediaTime } from '../output.js';
import { ProgressLine } from '../progress.js';
import { TextEventSink } from '../text-event-sink.js';

const help = `usage: lpr process <file | rtsp://url> --country CODE [options]

Read plates from a video file or a live RTSP stream and print one event per vehicle track when the track ends.

options:
  --country CODE          country of the plates (models/countries/CODE.yaml)
  --json                  one JSON line per vehicle (see README "lpr process output")
  --fps N                 sample N frames per second before detection (default: every frame)
  --camera ID             camera id written into events (default: "default")
  --roi X,Y,W,H           only look for plates inside this region of the frame
  --decoder NAME          beam (default) or greedy CTC decoding
  --min-agree N           reads that must agree before a track is published (default 2)
  --track-timeout-ms MS   a track ends when not seen for this long (default 1500)
  --max-reads N           crops recognized per track at most (default 12)
  --min-hits N            frames a plate must be detected in before it is recognized (default 2)
  --full-scan-every N     search the whole frame every N frames, in between only around tracked plates (default 3)
  --min-plate-width PX    smallest plate to look for (default: the country's, raised to the cascade window)
  --device NAME           auto (default), cpu or cuda
  --quiet                 no progress on stderr`;

export async function processCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand('process', help, argv, {
    country: { type: 'string' },
    json: { type: 'boolean', default: false },
    fps: { type: 'string' },
    camera: { type: 'string', default: 'default' },
    roi: { type: 'string' },
    decoder: { type: 'string' },
    'min-agree': { type: 'string' },
    'track-timeout-ms': { type: 'string' },
    'max-reads': { type: 'string' },
    'min-hits': { type: 'string' },
    'full-scan-every': { type: 'string' },
    'min-plate-width': { type: 'string' },
    device: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new LprError('lpr process takes exactly one video file or rtsp:// URL (see: lpr process --help)');
  const input = positionals[0]!;
  const fps = values.fps === undefined ? undefined : numberOption('fps', values.fps, 0, 0.1);
  const logger = createLogger();

  const decoder = choiceOption('decoder', values.decoder, ['greedy', 'beam'], 'beam');
  const device = choiceOption('device', values.device, ['auto', 'cpu', 'cuda'], 'auto');
  const minAgreeingReads = numberOption('min-agree', values['min-agree'], 2, 1);
  const maxReadsPerTrack = numberOption('max-reads', values['max-reads'], 12, 1);
  const maxIdleMs = numberOption('track-timeout-ms', values['track-timeout-ms'], 1500, 0);
  const roi = values.roi ? parseRoi(values.roi) : undefined;

  const setup = await loadCountrySetup(values.country);
  // The input is checked before the models load, so that a wrong path fails at once.
  const source = await openFrameSource(input, fps === undefined ? {} : { fps });
  let recognizer;
  let detector;
  try {
    detector = await openDetector(setup, numberOption('min-plate-width', values['min-plate-width'], 0, 0));
    recognizer = await loadRecognizer(setup, { decoder, useTemplates: true, device, logger });
  } catch (err) {
    await source.close();
    throw err;
  }

  const sink: PlateEventSink = values.json ? new JsonLinesSink(process.stdout) : new TextEventSink();
  const queue = new InProcessCropQueue(recognizer, { maxBatch: 32, maxWaitMs: 10, logger });
  const assembler = new TrackAssembler(sink, {
    ...assemblerOptionsFor(setup),
    vote: { minAgreeingReads },
    logger,
  });
  const ingest = new CameraIngest(detector, queue, assembler, {
    camera: values.camera,
    cropPadding: setup.country.plate.cropPadding,
    maxReadsPerTrack,
    minHits: numberOption('min-hits', values['min-hits'], 2, 1),
    ...(roi ? { roi } : {}),
    tracker: { maxIdleMs },
    schedule: { fullScanEvery: numberOption('full-scan-every', values['full-scan-every'], 3, 1) },
  });

  // Ctrl-C stops decoding; tracks in flight still end and their events are still printed.
  const stop = () => void source.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const progress = new ProgressLine(!values.quiet);
  const started = performance.now();
  const describe = (p: { frames: number; mediaMs: number; events: number }) => {
    const seconds = (performance.now() - started) / 1000;
    return `${p.frames} frames, media ${formatMediaTime(p.mediaMs)}, ${(p.frames / seconds).toFixed(1)} frames/s, ${p.events} plates`;
  };
  try {
    await processStream(source, ingest, queue, assembler, (p) => progress.update(describe(p)));
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await source.close();
    await recognizer.close();
    await sink.close();
  }
  progress.done(
    `done: ${ingest.stats.frames} frames, ${ingest.stats.tracksConfirmed} tracks, ${assembler.stats.eventsPublished} plates ` +
      `in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return 0;
}

function parseRoi(text: string) {
  const parts = text.split(',').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n) || n < 0) || parts[2]! <= 0 || parts[3]! <= 0) {
    throw new LprError(`--roi must be X,Y,W,H in pixels (e.g. 0,200,1280,520), got "${text}"`);
  }
  const [x, y, w, h] = parts as [number, number, number, number];
  return { x, y, w, h };
}
