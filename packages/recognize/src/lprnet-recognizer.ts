import { LprError, silentLogger, type Candidate, type Logger, type PlateRead, type RgbImage } from '@lpr/core';
import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { beamSearchDecode } from './ctc/beam.js';
import { greedyDecode } from './ctc/greedy.js';
import type { DecodedSequence, ProbabilityMatrix } from './ctc/probability-matrix.js';
import { classCharacters, loadModelMetadata, metadataPathFor, type ModelMetadata } from './model-metadata.js';
import { openSession, type Device } from './onnx-session.js';
import type { PlateRecognizer } from './plate-recognizer.js';
import { choosePlate } from './postfilter.js';
import { CropPreprocessor } from './preprocess.js';
import { sequenceProbabilities } from './sequence-probabilities.js';
import type { PlateTemplates } from './templates.js';
import { betterRead, type ViewRead } from './better-read.js';
import { mayBeTilted, turnedUpright, type TiltedReading } from './tilted.js';
import { mayHoldTwoRows, sideBySide, type TwoRowLayout } from './two-row.js';

export interface LprnetRecognizerOptions {
  /** The exported `.onnx` (e.g. `models/lprnet-cn.onnx`). */
  modelPath: string;
  /** Its metadata; by default the `.json` beside the model. */
  metadataPath?: string;
  /** The country's compiled templates, or null to read raw strings (`--no-templates`). */
  templates: PlateTemplates | null;
  /** The country's two-row plates (`plate.twoRow`): narrow crops are also read with their rows side by side. */
  twoRow?: TwoRowLayout | null;
  /** The country's turned plates (`plate.tilted`): square crops are also read turned upright, both ways. */
  tilted?: TiltedReading | null;
  /** Default `beam`: it sums over CTC paths and offers the template filter several candidates. */
  decoder?: 'greedy' | 'beam';
  /** Default 8. */
  beamWidth?: number;
  /** Candidates kept per read (beam only), default 5. */
  topN?: number;
  /** Default `auto`: CUDA when its provider is installed, else CPU. */
  device?: Device;
  /** Threads per operator; default 0, onnxruntime's choice (one per physical core). */
  intraOpThreads?: number;
  /** Largest batch handed to one session run, default 32; larger calls are split. */
  maxBatch?: number;
  logger?: Logger;
}

/** Time spent per stage since load, summed over calls. */
export interface RecognizerTimings {
  /** Images run through the model: crops, and their side-by-side and turned copies where they may hold such plates. */
  crops: number;
  runs: number;
  preprocessMs: number;
  inferenceMs: number;
  decodeMs: number;
}

type SequenceDecoder = (matrix: ProbabilityMatrix) => DecodedSequence[];

/** LPRNet (Zherzdev & Gruzdev 2018) in onnxruntime: preprocess, one session run per batch, CTC decode, templates. */
export class LprnetRecognizer implements PlateRecognizer {
  private readonly preprocessor: CropPreprocessor;
  private readonly characters: string[];
  /** Reused across items: decoding is synchronous, so concurrent calls never share it mid-use. */
  private readonly matrix: ProbabilityMatrix;
  private readonly stats: RecognizerTimings = { crops: 0, runs: 0, preprocessMs: 0, inferenceMs: 0, decodeMs: 0 };

  private constructor(
    private readonly session: InferenceSession,
    readonly metadata: ModelMetadata,
    /** The execution provider actually in use. */
    readonly provider: 'cpu' | 'cuda',
    private readonly templates: PlateTemplates | null,
    private readonly decode: SequenceDecoder,
    private readonly maxBatch: number,
    private readonly twoRow: TwoRowLayout | null,
    private readonly tilted: TiltedReading | null,
  ) {
    this.preprocessor = new CropPreprocessor(metadata.input);
    this.characters = classCharacters(metadata);
    const classes = this.characters.length;
    this.matrix = {
      probs: new Float32Array(metadata.output.timesteps * classes),
      timesteps: metadata.output.timesteps,
      classes,
      blankIndex: metadata.blankIndex,
    };
  }

  static async load(options: LprnetRecognizerOptions): Promise<LprnetRecognizer> {
    const logger = options.logger ?? silentLogger;
    const beamWidth = positiveInteger(options.beamWidth ?? 8, 'beamWidth');
    const topN = positiveInteger(options.topN ?? 5, 'topN');
    const maxBatch = positiveInteger(options.maxBatch ?? 32, 'maxBatch');
    const intraOpThreads = options.intraOpThreads ?? 0;
    if (!Number.isInteger(intraOpThreads) || intraOpThreads < 0) {
      throw new LprError(`invalid recognizer option intraOpThreads=${intraOpThreads}: use 0 (automatic) or a thread count`);
    }
    const decode: SequenceDecoder =
      (options.decoder ?? 'beam') === 'beam'
        ? (matrix) => beamSearchDecode(matrix, { beamWidth, topN })
        : (matrix) => [greedyDecode(matrix)];

    const metadataPath = options.metadataPath ?? metadataPathFor(options.modelPath);
    const metadata = await loadModelMetadata(metadataPath);
    if (options.templates && options.templates.country !== metadata.country) {
      throw new LprError(
        `model ${options.modelPath} reads plates of country "${metadata.country}" but the templates are for "${options.templates.country}"; use the matching --country or model`,
      );
    }
    const { session, provider } = await openSession({
      modelPath: options.modelPath,
      device: options.device ?? 'auto',
      intraOpThreads,
      logger,
    });
    try {
      checkSessionAgainstMetadata(session, metadata, metadataPath);
    } catch (err) {
      await session.release();
      throw err;
    }
    logger.info('recognizer loaded', {
      model: metadata.name,
      version: metadata.version,
      provider,
      decoder: options.decoder ?? 'beam',
      templates: options.templates ? options.templates.country : 'off',
    });
    return new LprnetRecognizer(session, metadata, provider, options.templates, decode, maxBatch, options.twoRow ?? null, options.tilted ?? null);
  }

  get timings(): Readonly<RecognizerTimings> {
    return { ...this.stats };
  }

  async recognize(images: RgbImage[]): Promise<PlateRead[]> {
    // Crops that may hold a two-row or a turned plate are also read rearranged, in the same model runs as the others.
    const inputs = [...images];
    const viewsOf = images.map((image, i) => {
      const views: { at: number; layout: ViewRead['layout'] }[] = [{ at: i, layout: 'one-row' }];
      const rearranged = this.twoRow && mayHoldTwoRows(image, this.twoRow) ? sideBySide(image, this.twoRow) : null;
      if (rearranged) views.push({ at: inputs.push(rearranged) - 1, layout: 'two-row' });
      const turned = this.tilted && mayBeTilted(image, this.tilted) ? turnedUpright(image, this.tilted) : [];
      for (const copy of turned) views.push({ at: inputs.push(copy) - 1, layout: 'turned' });
      return views;
    });
    const reads: PlateRead[] = [];
    for (let start = 0; start < inputs.length; start += this.maxBatch) {
      reads.push(...(await this.recognizeBatch(inputs.slice(start, start + this.maxBatch))));
    }
    return viewsOf.map((views) => betterRead(views.map(({ at, layout }) => ({ read: reads[at]!, layout })), this.templates));
  }

  async close(): Promise<void> {
    await this.session.release();
  }

  private async recognizeBatch(images: RgbImage[]): Promise<PlateRead[]> {
    const { input, output } = this.metadata;
    const started = performance.now();
    const tensor = new Tensor('float32', this.preprocessor.batch(images), [images.length, 3, input.height, input.width]);
    const preprocessed = performance.now();
    const results = await this.session.run({ [input.name]: tensor });
    const inferred = performance.now();

    const logits = results[output.name] as Tensor;
    const { timesteps, classes } = this.matrix;
    const expected = output.layout === 'NCT' ? [images.length, classes, timesteps] : [images.length, timesteps, classes];
    if (logits.type !== 'float32' || logits.dims.join() !== expected.join()) {
      throw new LprError(
        `model ${this.metadata.name} returned ${logits.type} [${logits.dims.join(', ')}], expected float32 [${expected.join(', ')}] from its metadata; re-export the model and its .json together`,
      );
    }
    const data = logits.data as Float32Array;
    const reads = images.map((_, item) => {
      sequenceProbabilities(data, item, output, classes, this.matrix.probs);
      const candidates = this.decode(this.matrix).map(
        (sequence): Candidate => ({
          plate: sequence.labels.map((label) => this.characters[label]).join(''),
          // Float32 rows sum to 1 only up to rounding, which can lift a near-certain read a hair above 1.
          score: Math.min(1, sequence.probability),
        }),
      );
      return choosePlate(candidates, this.templates);
    });

    const stats = this.stats;
    stats.crops += images.length;
    stats.runs += 1;
    stats.preprocessMs += preprocessed - started;
    stats.inferenceMs += inferred - preprocessed;
    stats.decodeMs += performance.now() - inferred;
    return reads;
  }
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new LprError(`invalid recognizer option ${name}=${value}: must be an integer of at least 1`);
  }
  return value;
}

/**
 * Catch a model and metadata that do not belong together at load time, not at the first frame: names must exist,
 * every fixed dimension must agree, and the batch dimension must be dynamic (batches have any size).
 */
function checkSessionAgainstMetadata(session: InferenceSession, metadata: ModelMetadata, metadataPath: string): void {
  const classes = metadata.charset.length + 1;
  const { input, output } = metadata;
  const expectations = [
    { kind: 'input', name: input.name, shape: [null, 3, input.height, input.width], all: session.inputMetadata },
    {
      kind: 'output',
      name: output.name,
      shape: output.layout === 'NCT' ? [null, classes, output.timesteps] : [null, output.timesteps, classes],
      all: session.outputMetadata,
    },
  ];
  for (const { kind, name, shape, all } of expectations) {
    const found = all.find((m) => m.name === name);
    if (!found) {
      throw new LprError(
        `model has no ${kind} "${name}" named by ${metadataPath} (it has ${all.map((m) => m.name).join(', ')}); re-export the model and its .json together`,
      );
    }
    if (!found.isTensor) continue;
    const actual = found.shape;
    const agrees =
      actual.length === shape.length &&
      shape.every((dim, i) => (dim === null ? typeof actual[i] !== 'number' : typeof actual[i] !== 'number' || actual[i] === dim));
    if (!agrees) {
      throw new LprError(
        `model ${kind} "${name}" has shape [${actual.join(', ')}] but ${metadataPath} implies [${shape.map((d) => d ?? 'N').join(', ')}]; re-export the model and its .json together`,
      );
    }
  }
}
