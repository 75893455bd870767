import { errorMessage, roundScore, type RgbImage } from '@lpr/core';
import { availableParallelism } from 'node:os';
import { basename, extname, join } from 'node:path';
import { listImageFiles, loadImage, writeOverlay } from '@lpr/decode';
import { detectInPhoto, loadCountrySetup, openDetectionVerifier, openDetector, type DetectionVerifier, type PhotoBox } from '@lpr/pipeline';
import { numberOption, parseCommand, turnsOption } from '../args.js';
import { printInputError, printJson, printLine } from '../output.js';
import { ProgressLine } from '../progress.js';

const help = `usage: lpr detect <image|dir>... --country CODE [--json]

Find plates in each image (any size; the search is scaled to the image). Directories expand to the images inside
them, sorted. The country file's detectors (default models/cascade-CODE.xml) all search. Where the first one's JSON
sets detection.verifyMinConfidence and the country has a recognizer, each box is read and kept only when the read is
that confident and has the country's plate.minReadChars (grilles, signs and stripes read unsurely or short); a read
that fits no template needs plate.minOffTemplateReadConfidence (printed dates and times read as odd strings). With
verification, regions of the country's plate colours (colourProposals), rows of character-like blobs and plate-shaped
backgrounds holding them (characterRows) are read too, and kept when the read fits a template: they find tilted,
two-row, white, black and faded plates the cascade misses. No box is kept within a line of text longer than a plate
(characterRows.maxCharacters: a camera's printed date and time).

options:
  --country CODE   country of the plates (models/countries/CODE.yaml)
  --json           one JSON line per image: {"file","boxes":[{"x","y","w","h","score","plate","confidence","search"}],"ms"};
                   plate and confidence (the read that kept the box) only when boxes are verified; search: what found
                   the box (cascade, turned, colour or rows); ms: the search's wall time (photos searched at once
                   share the cores)
  --no-verify      keep every box the cascade finds, unread (and skip the searches by colour and by rows)
  --no-colour      skip the search by plate colour
  --no-rows        skip the search by rows of characters and plate backgrounds, and the check for lines of text
  --turns DEGREES  also search copies of each image turned by plus and minus each of these angles, e.g. 15,30, for
                   tilted plates; 0: none. Default: the first detector's detection.turns. Turned copies are searched
                   for plates from detection.turnedMinPlateWidthPx up; boxes stay axis-aligned in the image
  --min-plate-width PX
                   narrowest plate to look for, in pixels of each photo (default: the country's plate.minWidthPx,
                   raised to the cascade window); where plates are large, a wider floor makes the search much faster
  --threads N      cascade search threads: that many photos are searched at once, results still in order (default:
                   the machine's cores, at most 8; 0: one photo at a time on the main thread). Each thread holds its
                   own opencv-wasm heap and a photo: about 40 MB more a thread for 4-megapixel photos
  --overlay DIR    also write each image with its boxes drawn into DIR (as <name>.jpg)
  --quiet          no progress on stderr`;

/** Threads by default: each holds its own wasm heap and a photo in memory, and a big machine has other work. */
const MAX_DEFAULT_THREADS = 8;

export async function detectCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand('detect', help, argv, {
    country: { type: 'string' },
    json: { type: 'boolean', default: false },
    'no-verify': { type: 'boolean', default: false },
    'no-colour': { type: 'boolean', default: false },
    'no-rows': { type: 'boolean', default: false },
    turns: { type: 'string' },
    threads: { type: 'string' },
    'min-plate-width': { type: 'string' },
    overlay: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const setup = await loadCountrySetup(values.country);
  const files = await listImageFiles(positionals);
  const threads = Math.floor(numberOption('threads', values.threads, Math.min(availableParallelism(), MAX_DEFAULT_THREADS)));
  const turns = turnsOption(values.turns);
  const minPlateWidth = numberOption('min-plate-width', values['min-plate-width'], 0);
  const detector = await openDetector(setup, minPlateWidth, threads);
  let verifier: DetectionVerifier | null = null;
  // Detector threads keep the process alive: they are stopped however the command ends.
  try {
    verifier = values['no-verify'] ? null : await openDetectionVerifier(setup, detector.verifyMinConfidence);
    const search = {
      turned: turns ? { ...detector.photoSearch.turned, turns } : detector.photoSearch.turned,
      byColour: detector.photoSearch.byColour && !values['no-colour'],
      byCharacterRows: detector.photoSearch.byCharacterRows && !values['no-rows'],
    };
    const found = async (image: RgbImage) => detectInPhoto(image, detector, verifier, search);
    return await searchPhotos(files, found, { ...values, ahead: Math.max(1, threads) + 1 });
  } finally {
    await Promise.all([verifier?.close(), detector.close()]);
  }
}

interface Output {
  json: boolean;
  quiet: boolean;
  overlay?: string | undefined;
  /** Photos loaded and searched at once. */
  ahead: number;
}

/** Searches the photos, several at once, and prints each one's boxes in file order; exit code 1 when any failed. */
async function searchPhotos(files: string[], found: (image: RgbImage) => Promise<PhotoBox[]>, output: Output): Promise<number> {
  const searchPhoto = async (file: string): Promise<{ boxes: PhotoBox[]; ms: number }> => {
    const image = await loadImage(file);
    const searchStarted = performance.now();
    const boxes = await found(image);
    const ms = roundScore(performance.now() - searchStarted);
    if (output.overlay) {
      const labelled = boxes.map((b) => ({ ...b, label: 'plate' in b ? `${b.plate} ${roundScore(b.confidence)} ${b.search}` : String(b.score) }));
      await writeOverlay(image, labelled, join(output.overlay, `${basename(file, extname(file))}.jpg`));
    }
    return { boxes, ms };
  };
  let failed = 0;
  let plates = 0;
  const progress = new ProgressLine(!output.quiet && files.length > 1);
  const started = performance.now();
  const { ahead } = output;
  const searches: Promise<{ boxes: PhotoBox[]; ms: number }>[] = [];
  const startSearch = (i: number) => {
    searches[i] = searchPhoto(files[i]!);
    searches[i]!.catch(() => {}); // reported when its turn comes
  };
  for (let i = 0; i < Math.min(ahead, files.length); i++) startSearch(i);
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    try {
      const { boxes, ms } = await searches[i]!;
      plates += boxes.length;
      if (output.json) {
        printJson({ file, boxes: boxes.map(boxJson), ms });
      } else {
        const list = boxes.map((b) => `${b.x},${b.y},${b.w},${b.h}`).join(' ');
        printLine(`${file}\t${boxes.length} plate${boxes.length === 1 ? '' : 's'}\t${list}`);
      }
    } catch (err) {
      failed++;
      printInputError(errorMessage(err));
    }
    if (i + ahead < files.length) startSearch(i + ahead);
    progress.update(`image ${i + 1}/${files.length}: ${plates} plates so far`);
  }
  progress.done(`done: ${files.length} images, ${plates} plates, ${failed} failed, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return failed > 0 ? 1 : 0;
}

function boxJson(box: PhotoBox): Record<string, unknown> {
  const { x, y, w, h, score, search } = box;
  return 'plate' in box ? { x, y, w, h, score, plate: box.plate, confidence: roundScore(box.confidence), search } : { x, y, w, h, score, search };
}
