import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { extname, join, parse } from 'node:path';
import { LprError, cropRgb, padBox, type RgbImage } from '@lpr/core';
import { IMAGE_EXTENSIONS, loadImage } from '@lpr/decode';

/**
 * The team-wide train/validation split of real images (training/lpr_training/common/splits.py): an image is
 * validation when the first 8 hex digits of sha1(file stem) are 0, 1 or 2 modulo 10.
 */
export function isValidationStem(stem: string): boolean {
  return parseInt(createHash('sha1').update(stem).digest('hex').slice(0, 8), 16) % 10 < 3;
}

export interface CalibrationCrops {
  crops: RgbImage[];
  /** Training-split image files they came from. */
  files: number;
}

/**
 * The training-split plate crops of a folder, never its validation images (accuracy is measured on those). Two
 * folder formats, as the Python training code reads them: plate crops (any image files), or photos labelled in
 * openalpr's format (a `<photo>.txt` beside each: `file x y w h plate`, tab-separated), cut at each labelled box
 * grown by the country's `cropPadding`, as the runtime cuts a detection.
 */
export async function loadCalibrationCrops(folder: string, cropPadding: [number, number]): Promise<CalibrationCrops> {
  let names: string[];
  try {
    names = (await readdir(folder)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw new LprError(`calibration folder ${folder} not found`);
  }
  if (existsSync(join(folder, 'labels.csv'))) {
    throw new LprError(`calibration folder ${folder} has a labels.csv (harvested crops or scenes split by source): pass a folder of crops or of openalpr-labelled photos`);
  }
  const training = (name: string) => !isValidationStem(parse(name).name);
  const images = names.filter((n) => IMAGE_EXTENSIONS.has(extname(n).toLowerCase()));
  // A label file is named after its photo (a LICENSE.txt beside crops is not one).
  const photoStems = new Set(images.map((n) => parse(n).name));
  const labels = names.filter((n) => extname(n) === '.txt' && photoStems.has(parse(n).name));
  const crops: RgbImage[] = [];
  let files = 0;
  if (labels.length > 0) {
    const photos = new Set<string>();
    for (const label of labels) {
      for (const line of (await readFile(join(folder, label), 'utf8')).split('\n')) {
        const fields = line.trim().split('\t');
        // Split by photo, as the training code does.
        if (fields.length < 6 || !training(fields[0]!)) continue;
        const [file, x, y, w, h] = fields as [string, string, string, string, string];
        const photo = await loadImage(join(folder, file));
        crops.push(cropRgb(photo, padBox({ x: Number(x), y: Number(y), w: Number(w), h: Number(h) }, ...cropPadding)));
        photos.add(file);
      }
    }
    files = photos.size;
  } else {
    for (const name of images.filter(training)) {
      crops.push(await loadImage(join(folder, name)));
      files++;
    }
  }
  if (crops.length === 0) throw new LprError(`calibration folder ${folder} has no training-split plate crops`);
  return { crops, files };
}
