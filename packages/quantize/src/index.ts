export { loadCalibrationCrops, isValidationStem, type CalibrationCrops } from './calibration-crops.js';
export { activationQuantization, quantizeBias, quantizeWeightsPerChannel, roundHalfEven, Histogram } from './quant-math.js';
export type { ActivationQuantization, ChannelQuantization } from './quant-math.js';
export { DEFAULT_PERCENTILE, quantizeRecognizer, type QuantizeOptions, type QuantizeResult } from './quantize-recognizer.js';
