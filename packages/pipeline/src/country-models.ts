import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LprError, type Box, type Logger, type RgbImage, type ScoredBox } from '@lpr/core';
import {
  CascadeDetector,
  DetectorPool,
  findCharacterRows,
  proposeByColour,
  type AsyncPlateDetector,
  type CharacterRowFinds,
  type DetectOptions,
  type Size,
} from '@lpr/detect';
import type { DetectionRequest } from './detection-schedule.js';
import type { PhotoSearch } from './photo-detection.js';
import type { AssemblerOptions } from './track-assembler.js';
import {
  LprnetRecognizer,
  compileTemplates,
  defaultModelsDir,
  listCountries,
  loadCountry,
  type Country,
  type Device,
  type PlateTemplates,
} from '@lpr/recognize';

/** A country's data and compiled templates: what every command needs first. */
export interface CountrySetup {
  country: Country;
  templates: PlateTemplates;
  modelsDir: string;
}

export async function loadCountrySetup(code: string | undefined): Promise<CountrySetup> {
  const modelsDir = defaultModelsDir();
  if (!code) throw new LprError(`--country is required; available: ${(await listCountries(modelsDir)).join(', ') || 'none'}`);
  const country = await loadCountry(code, modelsDir);
  return { country, templates: compileTemplates(country, `country file ${join(modelsDir, 'countries', code + '.yaml')}`), modelsDir };
}

/** `fp32`: the exported model; `int8`: its quantized version made by `lpr quantize` (`lprnet-<country>-int8.onnx`). */
export type Precision = 'int8' | 'fp32';

export interface RecognizerChoice {
  decoder: 'greedy' | 'beam';
  useTemplates: boolean;
  device: Device;
  logger: Logger;
  /** Largest batch per model run (default 32). */
  maxBatch?: number;
  /** Default: see `recognizerModelPath`. */
  precision?: Precision;
  /** Also read square crops turned upright (the country's `plate.tilted`); default true. */
  readTurned?: boolean;
}

/**
 * The recognizer model to load. Without a precision: the int8 model when the country has one, unless the device is
 * `cuda` (onnxruntime's CUDA provider has no integer convolutions: it would dequantize and run them in float, for no gain).
 * On the CPU the int8 model is faster and reads as accurately (MODELS.md, BENCHMARKS.md).
 */
export function recognizerModelPath(modelsDir: string, country: string, precision: Precision | undefined, device: Device): string {
  const fp32 = join(modelsDir, `lprnet-${country}.onnx`);
  const int8 = join(modelsDir, `lprnet-${country}-int8.onnx`);
  if (precision === 'fp32') return fp32;
  if (precision === 'int8') {
    if (!existsSync(int8)) throw new LprError(`no int8 model ${int8}: make it with lpr quantize --country ${country}, or use --precision fp32`);
    return int8;
  }
  return device !== 'cuda' && existsSync(int8) ? int8 : fp32;
}

export function loadRecognizer(setup: CountrySetup, choice: RecognizerChoice): Promise<LprnetRecognizer> {
  return LprnetRecognizer.load({
    modelPath: recognizerModelPath(setup.modelsDir, setup.country.code, choice.precision, choice.device),
    templates: choice.useTemplates ? setup.templates : null,
    twoRow: setup.country.plate.twoRow ?? null,
    tilted:
      setup.country.plate.tilted && choice.readTurned !== false
        ? { maxAspect: setup.country.plate.tilted.maxAspect, plateAspect: setup.country.plate.aspect }
        : null,
    decoder: choice.decoder,
    device: choice.device,
    logger: choice.logger,
    ...(choice.maxBatch ? { maxBatch: choice.maxBatch } : {}),
  });
}

/** The country's detectors bound to the detection parameters each cascade was evaluated with. */
export interface BoundDetector {
  /** Boxes of every detector, best score first (one plate may be found by two detectors: merge where it matters). */
  detect(image: RgbImage, request?: DetectionRequest): Promise<ScoredBox[]>;
  /** Stops the detector threads, where there are any. */
  close(): Promise<void>;
  /** Recognizer confidence a detection in a photo needs (`detection.verifyMinConfidence`), or null: keep all. */
  verifyMinConfidence: number | null;
  /** Narrowest plate searched for, in pixels of the image, when a request does not ask for wider. */
  minPlateWidth: number;
  /**
   * How photos are searched by default: the first detector's `detection.turns`, by colour where the country has
   * `colourProposals`, by rows of characters where it has `characterRows`.
   */
  photoSearch: PhotoSearch;
  /**
   * Plate-coloured regions of an image (within the request's region and plate widths, as `detect`), for a verifier
   * or the tracks' votes to confirm; null where the country file has no `colourProposals`.
   */
  proposeByColour: ((image: RgbImage, request?: DetectionRequest) => ScoredBox[]) | null;
  /** Rows of characters in an image, and the read confidence they need; null where the country has no `characterRows`. */
  characterRows: CharacterRowSearch | null;
}

export interface CharacterRowSearch {
  /** Plate candidates to read, and the lines of text where no plate is (within the request's region and plate widths, as `detect`). */
  find(image: RgbImage, request?: DetectionRequest): CharacterRowFinds;
  minReadConfidence: number;
}

/** Most rows of characters read per photo: a photo full of text costs at most this many reads more. */
const MAX_CHARACTER_ROWS = 30;

/**
 * The country's cascades (country file `detectors`, default `models/cascade-<country>.xml`, e.g. one for one-row and
 * one for two-row plates), each with the detection parameters recorded beside it in its JSON by the trainer. The
 * smallest plate searched for is the largest of `minPlateWidth`, the country file's smallest readable plate and the
 * cascade window: small plates dominate the cost of a search. The first detector's verification threshold applies.
 * `threads` > 0 runs each cascade on that many worker threads (a `DetectorPool`), so that several images can be
 * searched at once; 0 runs it on the calling thread.
 */
export async function openDetector(setup: CountrySetup, minPlateWidth = 0, threads = 0): Promise<BoundDetector> {
  const opened = await Promise.allSettled(setup.country.detectors.map((name) => openCascade(setup, name, minPlateWidth, threads)));
  const bound = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = opened.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    // The others' threads would keep the process alive.
    await Promise.all(bound.map((detector) => detector.close()));
    throw failure.reason;
  }
  const narrowest = Math.min(...bound.map((detector) => detector.minPlateWidth));
  const { colourProposals: colours, characterRows: rows, plate } = setup.country;
  return {
    verifyMinConfidence: bound[0]!.verifyMinConfidence,
    minPlateWidth: narrowest,
    photoSearch: { ...bound[0]!.photoSearch, byColour: colours !== undefined, byCharacterRows: rows !== undefined },
    proposeByColour: colours
      ? (image, request) => {
          const widths = requestedWidths(narrowest, request);
          return widths ? proposeByColour(image, { ...colours, ...widths }) : [];
        }
      : null,
    characterRows: rows
      ? {
          find: (image, request) => {
            const widths = requestedWidths(narrowest, request);
            const options = { ...rows, plateAspect: plate.aspect, maxProposals: MAX_CHARACTER_ROWS };
            return widths ? findCharacterRows(image, { ...options, ...widths }) : { proposals: [], textLines: [] };
          },
          minReadConfidence: rows.minReadConfidence,
        }
      : null,
    detect: async (image, request) =>
      bound.length === 1
        ? bound[0]!.detect(image, request)
        : (await Promise.all(bound.map((detector) => detector.detect(image, request)))).flat().sort((a, b) => b.score - a.score),
    close: async () => {
      await Promise.all(bound.map((detector) => detector.close()));
    },
  };
}

async function openCascade(setup: CountrySetup, name: string, minPlateWidth: number, threads: number): Promise<BoundDetector> {
  const xml = join(setup.modelsDir, `${name}.xml`);
  const params = await readDetectionParams(join(setup.modelsDir, `${name}.json`));
  const detector: AsyncPlateDetector & { window: Size } =
    threads > 0 ? await DetectorPool.create(xml, { workers: threads }) : onThisThread(await CascadeDetector.load(xml));
  const options: DetectOptions = {
    scaleFactor: params.scaleFactor ?? 1.1,
    minNeighbors: params.minNeighbors ?? 3,
    minPlateWidth: Math.max(minPlateWidth, setup.country.plate.minWidthPx, params.minPlateWidthPx ?? 0, detector.window.width),
  };
  const floor = options.minPlateWidth!;
  return {
    verifyMinConfidence: params.verifyMinConfidence ?? null,
    minPlateWidth: floor,
    photoSearch: {
      turned: { turns: params.turns ?? [], minPlateWidth: Math.max(floor, params.turnedMinPlateWidthPx ?? floor) },
      byColour: false,
      byCharacterRows: false,
    },
    proposeByColour: null,
    characterRows: null,
    detect: async (image, request) => {
      const widths = requestedWidths(floor, request);
      return widths ? detector.detect(image, { ...options, ...widths }) : [];
    },
    close: () => detector.close(),
  };
}

/**
 * Where and for which plate widths a search runs: the request's region and widths, never below `floor`; null when
 * every plate asked for is narrower than the floor (a motion tier's smallest, in a small frame): nothing to search.
 */
function requestedWidths(floor: number, request: DetectionRequest | undefined): { roi?: Box; minPlateWidth: number; maxPlateWidth?: number } | null {
  if (!request) return { minPlateWidth: floor };
  const narrowest = Math.max(floor, request.minPlateWidth ?? floor);
  if (request.maxPlateWidth !== undefined && request.maxPlateWidth < narrowest) return null;
  return { roi: request.region, minPlateWidth: narrowest, ...(request.maxPlateWidth ? { maxPlateWidth: request.maxPlateWidth } : {}) };
}

/** A cascade run on the calling thread, behind the pool's interface: the search runs before the promise returns. */
function onThisThread(detector: CascadeDetector): AsyncPlateDetector & { window: Size } {
  return {
    window: detector.window,
    detect: async (image, options) => detector.detect(image, options),
    close: async () => {},
  };
}

interface DetectionParams {
  scaleFactor?: number;
  minNeighbors?: number;
  minPlateWidthPx?: number;
  /** Calibrated on labelled photos, not by the trainer: see training/README.md. */
  verifyMinConfidence?: number;
  /** Photo search for tilted plates (see `TurnedSearch`), also chosen on labelled photos. */
  turns?: number[];
  turnedMinPlateWidthPx?: number;
}

async function readDetectionParams(file: string): Promise<DetectionParams> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return {};
  }
  try {
    const detection = (JSON.parse(text) as { detection?: DetectionParams }).detection ?? {};
    const threshold = detection.verifyMinConfidence;
    if (threshold !== undefined && !(typeof threshold === 'number' && threshold >= 0 && threshold <= 1)) {
      throw new Error(`detection.verifyMinConfidence must be a number from 0 to 1, got ${JSON.stringify(threshold)}`);
    }
    const { turns } = detection;
    if (turns !== undefined && !(Array.isArray(turns) && turns.every((t) => typeof t === 'number' && t > 0 && t < 90))) {
      throw new Error(`detection.turns must be a list of angles in degrees between 0 and 90, got ${JSON.stringify(turns)}`);
    }
    return detection;
  } catch (err) {
    throw new LprError(`cannot read detection parameters "${file}": ${(err as Error).message}; fix or delete the file`);
  }
}

/** The assembler's view of a country: which strings are plates (fallbacks a tier below), how a plate is printed. */
export function assemblerOptionsFor(setup: CountrySetup): Pick<AssemblerOptions, 'country' | 'rank' | 'describe'> {
  const { templates } = setup;
  return {
    country: setup.country.code,
    rank: (plate) => {
      const template = templates.match(plate);
      return template === null ? null : templates.isFallback(template) ? 1 : 0;
    },
    describe: (plate) => {
      const template = templates.match(plate);
      return { template, formatted: template ? templates.format(plate, template) : plate };
    },
  };
}
