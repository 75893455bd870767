import { defaultDetectionSchedule, defaultMotionGate, type DetectionScheduleOptions } from '@lpr/pipeline';
import { choiceOption, numberOption } from './args.js';

/** Where and when plates are searched for: options shared by `lpr process`, `lpr eval-video` and `lpr ingest`. */
export const scheduleOptionSpecs = {
  'full-scan-every': { type: 'string' },
  'motion-gate': { type: 'string' },
} as const;

const defaultGate = defaultDetectionSchedule.motionGate ? 'on' : 'off';

export const scheduleOptionsHelp = `  --full-scan-every N     search the whole frame every N frames, in between only around tracked plates (default ${defaultDetectionSchedule.fullScanEvery})
  --motion-gate on|off    full scans search only where the picture changed since the last one, and the whole
                          frame every ${defaultMotionGate.wholeScanEveryMs / 1000} s (default ${defaultGate})`;

export type ScheduleSettings = Pick<DetectionScheduleOptions, 'fullScanEvery' | 'motionGate'>;

export function readScheduleSettings(values: { [K in keyof typeof scheduleOptionSpecs]?: string | undefined }): ScheduleSettings {
  return {
    fullScanEvery: numberOption('full-scan-every', values['full-scan-every'], defaultDetectionSchedule.fullScanEvery, 1),
    motionGate: choiceOption('motion-gate', values['motion-gate'], ['on', 'off'], defaultGate) === 'on' ? defaultMotionGate : null,
  };
}
