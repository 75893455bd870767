import { relative, resolve } from 'node:path';
import { LprError, createLogger } from '@lpr/core';
import { loadCountrySetup } from '@lpr/pipeline';
import { DEFAULT_PERCENTILE, loadCalibrationCrops, quantizeRecognizer } from '@lpr/quantize';
import { noPositionals, numberOption, parseCommand } from '../args.js';
import { printLine } from '../output.js';
import { sharedDataDir } from '../shared-data.js';

/** Real crops each shipped model was trained on, under the shared data folder: their training split calibrates. */
const defaultCalibration: Record<string, string> = { cn: 'cn/ccpd-crops', eu: 'eu/scenes' };

const help = `usage: lpr quantize --country CODE [options]

Make the INT8 version of a recognizer (models/lprnet-CODE-int8.onnx and its .json): static quantization in QDQ
format (int8 per-channel weights, uint8 activations), with activation ranges measured on the training split of real
plate crops. The float model's exported .onnx is all it needs.

options:
  --country CODE        which recognizer (models/lprnet-CODE.onnx)
  --model FILE          the float model (default models/lprnet-CODE.onnx)
  --out FILE            the int8 model (default models/lprnet-CODE-int8.onnx)
  --calibration DIR     plate crops, or openalpr-labelled photos (default for cn: ccpd-crops, for eu: eu/scenes,
                        in ../shared/data or $LPR_SHARED_DATA); only the training split is read
  --percentile P        activation ranges keep P% of the calibration values (default ${DEFAULT_PERCENTILE}; 100: min/max)`;

export async function quantizeCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand('quantize', help, argv, {
    country: { type: 'string' },
    model: { type: 'string' },
    out: { type: 'string' },
    calibration: { type: 'string' },
    percentile: { type: 'string' },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  noPositionals('quantize', positionals);
  const setup = await loadCountrySetup(values.country);
  const { code, plate } = setup.country;
  const percentile = numberOption('percentile', values.percentile, DEFAULT_PERCENTILE, 50);
  if (percentile > 100) throw new LprError(`--percentile must be at most 100, got ${percentile}`);
  const modelPath = resolve(values.model ?? `${setup.modelsDir}/lprnet-${code}.onnx`);
  const outputPath = resolve(values.out ?? `${setup.modelsDir}/lprnet-${code}-int8.onnx`);
  if (outputPath === modelPath) throw new LprError(`--out must differ from the float model ${modelPath}`);
  const folder = values.calibration
    ? resolve(values.calibration)
    : defaultCalibration[code]
      ? resolve(sharedDataDir(), defaultCalibration[code])
      : undefined;
  if (!folder) throw new LprError(`no default calibration crops for country "${code}"; pass --calibration DIR`);
  const inShared = relative(sharedDataDir(), folder);
  const source = inShared.startsWith('..') ? folder : inShared;

  const logger = createLogger();
  const { crops, files } = await loadCalibrationCrops(folder, plate.cropPadding);
  logger.info('calibrating', { source, files, crops: crops.length, percentile });
  const result = await quantizeRecognizer({ modelPath, outputPath, crops, calibration: { source, files }, percentile });
  printLine(`${outputPath}: ${result.convs} integer convolutions, ${result.activations} quantized activations, ${result.removedNoOps} no-op nodes removed, ${result.foldedShapes} shape reads folded`);
  printLine(`${result.metadataPath}: ${result.metadata.name} ${result.metadata.version}, calibrated on ${crops.length} training-split crops of ${source}`);
  return 0;
}
