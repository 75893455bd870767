import { defaultDetectionSchedule, defaultMotionGate, type DetectionScheduleOptions, type VideoSearch } from '@lpr/pipeline';
import { choiceOption, numberOption } from './args.js';

/** Where and when plates are searched for: options shared by `lpr process`, `lpr eval-video` and `lpr ingest`. */
export const scheduleOptionSpecs = {
  'full-scan-every': { type: 'string' },
  'motion-gate': { type: 'string' },
  'no-colour': { type: 'boolean', default: false },
  'no-rows': { type: 'boolean', default: false },
} as const;

const defaultGate = defaultDetectionSchedule.motionGate ? 'on' : 'off';

export const scheduleOptionsHelp = `  --full-scan-every N     search the whole frame every N frames, in between only around tracked plates (default ${defaultDetectionSchedule.fullScanEvery})
  --motion-gate on|off    full scans search only where the picture changed since the last one, and the whole
                          frame every ${defaultMotionGate.wholeScanEveryMs / 1000} s (default ${defaultGate})
  --no-colour             skip the search by plate colour (tilted and two-row plates the cascade misses)
  --no-rows               skip the search by rows of characters (white and black plates the cascade misses)`;

export type ScheduleSettings = Pick<DetectionScheduleOptions, 'fullScanEvery' | 'motionGate'>;

export function readScheduleSettings(values: { 'full-scan-every'?: string | undefined; 'motion-gate'?: string | undefined }): ScheduleSettings {
  return {
    fullScanEvery: numberOption('full-scan-every', values['full-scan-every'], defaultDetectionSchedule.fullScanEvery, 1),
    motionGate: choiceOption('motion-gate', values['motion-gate'], ['on', 'off'], defaultGate) === 'on' ? defaultMotionGate : null,
  };
}

/** Which searches beyond the cascade a frame gets (`--no-colour`, `--no-rows`). */
export function readVideoSearch(values: { 'no-colour'?: boolean | undefined; 'no-rows'?: boolean | undefined }): VideoSearch {
  return { byColour: !values['no-colour'], byCharacterRows: !values['no-rows'] };
}
