export { defaultModelsDir, listCountries, loadCountry, parseCountry, type CharacterRowSpec, type ColourProposalSpec, type Country, type PlateGeometry } from './country.js';
export { compileTemplates, type PlateTemplates, type TemplateSource, type TemplateSpec } from './templates.js';
export { softmaxRows } from './ctc/softmax.js';
export { greedyDecode } from './ctc/greedy.js';
export { beamSearchDecode, type BeamSearchOptions } from './ctc/beam.js';
export type { DecodedSequence, ProbabilityMatrix } from './ctc/probability-matrix.js';
export { choosePlate } from './postfilter.js';
export {
  MODEL_METADATA_FORMAT,
  classCharacters,
  loadModelMetadata,
  metadataPathFor,
  parseModelMetadata,
  type ModelInputSpec,
  type ModelMetadata,
  type ModelOutputSpec,
} from './model-metadata.js';
export { CropPreprocessor } from './preprocess.js';
export { sideBySide, type TwoRowLayout } from './two-row.js';
export { sequenceProbabilities } from './sequence-probabilities.js';
export type { Device } from './onnx-session.js';
export type { PlateRecognizer } from './plate-recognizer.js';
export { LprnetRecognizer, type LprnetRecognizerOptions, type RecognizerTimings } from './lprnet-recognizer.js';
export { mayBeTilted, tiltFromAspect, turnedUpright, type TiltedReading } from './tilted.js';
export { betterRead, type ViewRead } from './better-read.js';
