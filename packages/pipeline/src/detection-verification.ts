import { existsSync } from 'node:fs';
import { cropRgb, padBox, silentLogger, type PlateRead, type RgbImage, type ScoredBox } from '@lpr/core';
import { loadRecognizer, recognizerModelPath, type CountrySetup } from './country-models.js';

/** A detection with what the recognizer read in it: why it was kept. */
export interface ReadBox extends ScoredBox {
  plate: string;
  confidence: number;
}

/** What a read needs for its detection to count as a plate. */
export interface ReadableRule {
  minConfidence: number;
  /** Fewest characters (a grille or a bumper edge often reads as one or two, confidently). */
  minChars: number;
  /**
   * Confidence a read that fits no template needs, where more than `minConfidence`: camera-printed dates and times,
   * signs and grilles read as unsure strings no plate has.
   */
  offTemplateMinConfidence?: number;
  /** Only reads that fit a template count (boxes with less evidence than a cascade's). */
  templateOnly?: boolean;
  /** Templates that fit garbage (a loose fallback pattern, the country's `PlateTemplates.isFallback`): fitting one is fitting none. */
  isFallback?: (template: string) => boolean;
}

/**
 * The detections whose read meets the rule, in their order, each with its read (`reads[i]` is the read of
 * `boxes[i]`). A grille, a sign or a stripe pattern still reads as some string, but an unsure or a short one.
 */
export function keepReadable(boxes: readonly ScoredBox[], reads: readonly PlateRead[], rule: ReadableRule): ReadBox[] {
  if (reads.length !== boxes.length) throw new RangeError(`${reads.length} reads for ${boxes.length} detections`);
  return boxes.flatMap((box, i) => {
    const { plate, confidence, template } = reads[i]!;
    const plateShaped = template !== null && !rule.isFallback?.(template);
    const needed = plateShaped ? rule.minConfidence : Math.max(rule.minConfidence, rule.offTemplateMinConfidence ?? 0);
    const readable = confidence >= needed && [...plate].length >= rule.minChars && (!rule.templateOnly || plateShaped);
    return readable ? [{ ...box, plate, confidence }] : [];
  });
}

/**
 * Stricter rules for boxes with less evidence than a cascade's (by colour, by rows of characters): `templateOnly`
 * keeps only reads that fit a template other than a fallback; `minConfidence` replaces the verifier's threshold.
 */
export interface VerifyOptions {
  templateOnly?: boolean;
  minConfidence?: number;
}

/** Reads a photo's detections and keeps those read confidently enough (see `openDetectionVerifier`). */
export interface DetectionVerifier {
  verify(image: RgbImage, boxes: readonly ScoredBox[], options?: VerifyOptions): Promise<ReadBox[]>;
  close(): Promise<void>;
}

/**
 * A verifier for single photos: each detection is cropped as the pipeline crops it (the country's `cropPadding`),
 * all of a photo's crops are read in one batch, and `keepReadable` decides (with the country's `plate.minReadChars`).
 * Null when the country's cascade has no `detection.verifyMinConfidence` or the country has no recognizer model.
 * Video needs none of this: its tracks are voted on over several reads.
 */
export async function openDetectionVerifier(setup: CountrySetup, minConfidence: number | null): Promise<DetectionVerifier | null> {
  if (minConfidence === null) return null;
  // The CPU and the default (int8) model: the ones the threshold was calibrated with.
  if (!existsSync(recognizerModelPath(setup.modelsDir, setup.country.code, undefined, 'cpu'))) return null;
  const recognizer = await loadRecognizer(setup, {
    decoder: 'beam',
    useTemplates: true,
    device: 'cpu',
    logger: silentLogger,
    // Calibrated on reads as is (and side by side). Turned copies give every square box two more chances to fit a
    // template: on the street photos they let 3 more grilles and lamps through and found no plate more.
    readTurned: false,
  });
  const [fx, fy] = setup.country.plate.cropPadding;
  const { minReadChars, minOffTemplateReadConfidence } = setup.country.plate;
  const rule: ReadableRule = {
    minConfidence,
    minChars: minReadChars,
    offTemplateMinConfidence: minOffTemplateReadConfidence,
    isFallback: (template) => setup.templates.isFallback(template),
  };
  return {
    async verify(image, boxes, { templateOnly = false, minConfidence: stricter } = {}) {
      if (boxes.length === 0) return [];
      const reads = await recognizer.recognize(boxes.map((box) => cropRgb(image, padBox(box, fx, fy))));
      return keepReadable(boxes, reads, {
        ...rule,
        ...(stricter !== undefined ? { minConfidence: stricter } : {}),
        templateOnly,
      });
    },
    close: () => recognizer.close(),
  };
}
