import { LprError, type Box, type Logger } from '@lpr/core';
import type { FrameSource, FrameSourceOptions } from '@lpr/decode';
import type { PlateEventSink } from '@lpr/events';
import {
  CameraIngest,
  TrackAssembler,
  assemblerOptionsFor,
  loadRecognizer,
  frameDetector,
  openDetector,
  processStream,
  type CountrySetup,
  type FrameDetector,
  type StreamProgress,
  type TrackSnapshots,
  type VideoSearch,
} from '@lpr/pipeline';
import { InProcessCropQueue } from '@lpr/queue';
import type { LprnetRecognizer } from '@lpr/recognize';
import { choiceOption, numberOption, precisionOption } from './args.js';
import {
  readScheduleSettings,
  readVideoSearch,
  scheduleOptionSpecs,
  scheduleOptionsHelp,
  type ScheduleSettings,
} from './schedule-options.js';
import { readTrackSettings, trackOptionSpecs, trackOptionsHelp, type TrackSettings } from './track-options.js';

/** Tuning options of the embedded pipeline, shared by `lpr process` and `lpr eval-video` (spread into their specs). */
export const pipelineOptionSpecs = {
  fps: { type: 'string' },
  roi: { type: 'string' },
  decoder: { type: 'string' },
  ...trackOptionSpecs,
  'min-hits': { type: 'string' },
  ...scheduleOptionSpecs,
  'min-plate-width': { type: 'string' },
  device: { type: 'string' },
  precision: { type: 'string' },
} as const;

export const pipelineOptionsHelp = `  --fps N                 sample N frames per second before detection (default: every frame)
  --roi X,Y,W,H           only look for plates inside this region of the frame
  --decoder NAME          beam (default) or greedy CTC decoding
${trackOptionsHelp}
  --min-hits N            frames a plate must be detected in before it is recognized (default 2)
${scheduleOptionsHelp}
  --min-plate-width PX    smallest plate to look for (default: the country's, raised to the cascade window)
  --device NAME           auto (default), cpu or cuda
  --precision NAME        int8 or fp32 recognizer (default: int8 where models/lprnet-CODE-int8.onnx exists, except
                          with --device cuda)`;

export interface PipelineSettings extends TrackSettings {
  source: FrameSourceOptions;
  roi?: Box;
  decoder: 'greedy' | 'beam';
  device: 'auto' | 'cpu' | 'cuda';
  precision: 'int8' | 'fp32' | undefined;
  minHits: number;
  schedule: ScheduleSettings;
  search: VideoSearch;
  minPlateWidth: number;
}

type PipelineOptionValues = {
  [K in keyof typeof pipelineOptionSpecs]?: (typeof pipelineOptionSpecs)[K] extends { type: 'boolean' } ? boolean | undefined : string | undefined;
};

/** Checks every tuning option, so that a typo fails before any model or video is opened. */
export function readPipelineSettings(values: PipelineOptionValues): PipelineSettings {
  const roi = values.roi ? parseRoi(values.roi) : undefined;
  return {
    source: values.fps === undefined ? {} : { fps: numberOption('fps', values.fps, 0, 0.1) },
    ...(roi ? { roi } : {}),
    decoder: choiceOption('decoder', values.decoder, ['greedy', 'beam'], 'beam'),
    device: choiceOption('device', values.device, ['auto', 'cpu', 'cuda'], 'auto'),
    precision: precisionOption(values.precision),
    ...readTrackSettings(values),
    minHits: numberOption('min-hits', values['min-hits'], 2, 1),
    schedule: readScheduleSettings(values),
    search: readVideoSearch(values),
    minPlateWidth: numberOption('min-plate-width', values['min-plate-width'], 0, 0),
  };
}

function parseRoi(text: string): Box {
  const parts = text.split(',').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n) || n < 0) || parts[2]! <= 0 || parts[3]! <= 0) {
    throw new LprError(`--roi must be X,Y,W,H in pixels (e.g. 0,200,1280,520), got "${text}"`);
  }
  const [x, y, w, h] = parts as [number, number, number, number];
  return { x, y, w, h };
}

export interface RunStats {
  frames: number;
  tracks: number;
  events: number;
}

/**
 * Embedded mode with its models loaded once: each run wires a fresh queue, tracker and assembler around them, so
 * that runs over several videos share nothing but the models.
 */
export class EmbeddedPipeline {
  private constructor(
    private readonly setup: CountrySetup,
    private readonly settings: PipelineSettings,
    private readonly detector: FrameDetector,
    private readonly recognizer: LprnetRecognizer,
    private readonly logger: Logger,
  ) {}

  static async load(setup: CountrySetup, settings: PipelineSettings, logger: Logger): Promise<EmbeddedPipeline> {
    const detector = frameDetector(await openDetector(setup, settings.minPlateWidth), settings.search);
    const recognizer = await loadRecognizer(setup, { decoder: settings.decoder, useTemplates: true, device: settings.device, precision: settings.precision, logger });
    return new EmbeddedPipeline(setup, settings, detector, recognizer, logger);
  }

  /**
   * Runs the source to its end (or until it is closed); the caller closes the source and the sink. With `snapshots`,
   * each track's largest view is kept there for its event's picture.
   */
  async run(
    source: FrameSource,
    sink: PlateEventSink,
    camera: string,
    { onProgress, snapshots }: { onProgress?: (p: StreamProgress) => void; snapshots?: TrackSnapshots } = {},
  ): Promise<RunStats> {
    const { setup, settings, logger } = this;
    const queue = new InProcessCropQueue(this.recognizer, { maxBatch: 32, maxWaitMs: 10, logger });
    const assembler = new TrackAssembler(sink, {
      ...assemblerOptionsFor(setup),
      vote: { minAgreeingReads: settings.minAgreeingReads, minConfidence: settings.minConfidence },
      logger,
    });
    const ingest = new CameraIngest(this.detector, queue, assembler, {
      camera,
      cropPadding: setup.country.plate.cropPadding,
      maxReadsPerTrack: settings.maxReadsPerTrack,
      minHits: settings.minHits,
      ...(settings.roi ? { roi: settings.roi } : {}),
      tracker: { maxIdleMs: settings.maxIdleMs },
      schedule: settings.schedule,
      ...(snapshots ? { snapshots } : {}),
    });
    await processStream(source, ingest, queue, assembler, onProgress);
    return { frames: ingest.stats.frames, tracks: ingest.stats.tracksConfirmed, events: assembler.stats.eventsPublished };
  }

  close(): Promise<void> {
    return this.recognizer.close();
  }
}
