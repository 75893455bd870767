import { errorMessage, roundScore } from '@lpr/core';
import { basename, extname, join } from 'node:path';
import { listImageFiles, loadImage, writeOverlay } from '@lpr/decode';
import { loadCountrySetup, openDetector } from '@lpr/pipeline';
import { parseCommand } from '../args.js';
import { printInputError, printJson, printLine } from '../output.js';

const help = `usage: lpr detect <image|dir>... --country CODE [--json]

Find plates in each image (any size; the search is scaled to the image). Directories expand to the images inside
them, sorted.

options:
  --country CODE   country of the plates (models/cascade-CODE.xml)
  --json           one JSON line per image: {"file","boxes":[{"x","y","w","h","score"}],"ms"}
  --overlay DIR    also write each image with its boxes drawn into DIR (as <name>.jpg)`;

export async function detectCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand('detect', help, argv, {
    country: { type: 'string' },
    json: { type: 'boolean', default: false },
    overlay: { type: 'string' },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const setup = await loadCountrySetup(values.country);
  const files = await listImageFiles(positionals);
  const detector = await openDetector(setup);
  let failed = 0;
  // Load the next image while the current one is being searched.
  let next = files.length > 0 ? loadImage(files[0]!) : null;
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    const current = next!;
    next = i + 1 < files.length ? loadImage(files[i + 1]!) : null;
    next?.catch(() => {}); // reported when its turn comes
    try {
      const image = await current;
      const started = performance.now();
      const boxes = await detector.detect(image);
      const ms = roundScore(performance.now() - started);
      if (values.overlay) {
        const labelled = boxes.map((b) => ({ ...b, label: String(b.score) }));
        await writeOverlay(image, labelled, join(values.overlay, `${basename(file, extname(file))}.jpg`));
      }
      if (values.json) {
        printJson({ file, boxes: boxes.map((b) => ({ x: b.x, y: b.y, w: b.w, h: b.h, score: b.score })), ms });
      } else {
        const list = boxes.map((b) => `${b.x},${b.y},${b.w},${b.h}`).join(' ');
        printLine(`${file}\t${boxes.length} plate${boxes.length === 1 ? '' : 's'}\t${list}`);
      }
    } catch (err) {
      failed++;
      printInputError(errorMessage(err));
    }
  }
  return failed > 0 ? 1 : 0;
}
