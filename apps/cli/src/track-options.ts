import { numberOption } from './args.js';

/** How tracks are read and published: options shared by `lpr process`, `lpr eval-video` and `lpr ingest`. */
export const trackOptionSpecs = {
  'min-agree': { type: 'string' },
  'min-confidence': { type: 'string' },
  'track-timeout-ms': { type: 'string' },
  'max-reads': { type: 'string' },
} as const;

export const trackOptionsHelp = `  --min-agree N           reads that must agree before a track is published (default 2)
  --min-confidence P      mean probability per read the plate needs to be published (default 0.05)
  --track-timeout-ms MS   a track ends when not seen for this long (default 1500)
  --max-reads N           crops recognized per track at most (default 12)`;

export interface TrackSettings {
  minAgreeingReads: number;
  minConfidence: number;
  maxIdleMs: number;
  maxReadsPerTrack: number;
}

export function readTrackSettings(values: { [K in keyof typeof trackOptionSpecs]?: string | undefined }): TrackSettings {
  return {
    minAgreeingReads: numberOption('min-agree', values['min-agree'], 2, 1),
    minConfidence: numberOption('min-confidence', values['min-confidence'], 0.05, 0),
    maxIdleMs: numberOption('track-timeout-ms', values['track-timeout-ms'], 1500, 0),
    maxReadsPerTrack: numberOption('max-reads', values['max-reads'], 12, 1),
  };
}
