import { createLogger, errorMessage, roundScore, type RgbImage } from '@lpr/core';
import { listImageFiles, loadImage } from '@lpr/decode';
import { loadCountrySetup, loadRecognizer } from '@lpr/pipeline';
import { choiceOption, numberOption, parseCommand, precisionOption } from '../args.js';
import { printInputError, printJson, printLine } from '../output.js';

const help = `usage: lpr recognize <image|dir>... --country CODE [options]

Read the plate in each image. Images are plate crops of any size (resized to the model's input); directories
expand to the images inside them, sorted.

options:
  --country CODE        country of the plates (models/countries/CODE.yaml)
  --json                one JSON line per image: {"file","plate","confidence","candidates","template","layout"};
                        layout is two-row when the plate was read as a two-row plate (the country's plate.twoRow),
                        turned when it was read turned upright (a tilted plate, the country's plate.tilted)
  --decoder NAME        beam (default) or greedy CTC decoding
  --no-templates        report the best raw string, ignoring the country's plate templates
  --batch N             crops per model run (default 64)
  --device NAME         auto (default), cpu or cuda
  --precision NAME      int8 or fp32 model (default: int8 where models/lprnet-CODE-int8.onnx exists, except with
                        --device cuda)`;

export async function recognizeCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand('recognize', help, argv, {
    country: { type: 'string' },
    json: { type: 'boolean', default: false },
    decoder: { type: 'string' },
    'no-templates': { type: 'boolean', default: false },
    batch: { type: 'string' },
    device: { type: 'string' },
    precision: { type: 'string' },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const setup = await loadCountrySetup(values.country);
  const files = await listImageFiles(positionals);
  const recognizer = await loadRecognizer(setup, {
    decoder: choiceOption('decoder', values.decoder, ['greedy', 'beam'], 'beam'),
    useTemplates: !values['no-templates'],
    device: choiceOption('device', values.device, ['auto', 'cpu', 'cuda'], 'auto'),
    precision: precisionOption(values.precision),
    logger: createLogger(),
  });
  const batchSize = numberOption('batch', values.batch, 64, 1);
  let failed = 0;
  try {
    for (let start = 0; start < files.length; start += batchSize) {
      const names = files.slice(start, start + batchSize);
      // Decoding runs on libuv's thread pool: load the whole batch concurrently.
      const loaded = await Promise.allSettled(names.map((f) => loadImage(f)));
      const good: Array<{ file: string; image: RgbImage }> = [];
      loaded.forEach((r, i) => {
        if (r.status === 'fulfilled') good.push({ file: names[i]!, image: r.value });
        else {
          failed++;
          printInputError(errorMessage(r.reason));
        }
      });
      const reads = await recognizer.recognize(good.map((g) => g.image));
      reads.forEach((read, i) => {
        const file = good[i]!.file;
        if (values.json) {
          printJson({ file, plate: read.plate, confidence: roundScore(read.confidence), candidates: read.candidates.map((c) => ({ plate: c.plate, score: roundScore(c.score) })), template: read.template, layout: read.layout });
        } else {
          printLine(`${file}\t${read.plate}\t${read.confidence.toFixed(3)}\t${read.template ?? '(no template)'}`);
        }
      });
    }
  } finally {
    await recognizer.close();
  }
  return failed > 0 ? 1 : 0;
}
