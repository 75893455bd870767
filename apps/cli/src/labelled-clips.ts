import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LprError } from '@lpr/core';
import { normalizePlate } from './clip-scoring.js';
import { sharedDataDir } from './shared-data.js';

export interface LabelledClip {
  /** As written in labels.csv: a path relative to the clips folder. */
  clip: string;
  /** Plates as printed (with dashes), in the order of the file. */
  plates: string[];
}

/** Development clips per country, under the shared data folder beside the repository. */
const defaultClipFolders: Record<string, string> = { eu: 'eu/nl-clips' };

export function defaultClipsDir(country: string): string {
  const folder = defaultClipFolders[country];
  if (!folder) throw new LprError(`no default clips for country "${country}"; pass --clips DIR (a folder of clips with a labels.csv)`);
  return join(sharedDataDir(), folder);
}

/**
 * labels.csv: header `clip,plate`, then one row per plate; a clip with two plates has two rows. Clips are returned
 * in the order they first appear.
 */
export function parseLabels(text: string, file: string): LabelledClip[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines[0]!.trim();
  if (header.toLowerCase().replace(/\s/g, '') !== 'clip,plate') {
    throw new LprError(`labels file ${file}: the first line must be the header "clip,plate", got "${header}"`);
  }
  const clips = new Map<string, LabelledClip>();
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (i === 0 || line === '') return;
    const fields = line.split(',').map((f) => f.trim());
    if (fields.length !== 2 || !fields[0] || !normalizePlate(fields[1] ?? '')) {
      throw new LprError(`labels file ${file} line ${i + 1}: expected "clip,plate", got "${line}"`);
    }
    const [clip, plate] = fields as [string, string];
    const entry = clips.get(clip) ?? { clip, plates: [] };
    if (entry.plates.some((p) => normalizePlate(p) === normalizePlate(plate))) {
      throw new LprError(`labels file ${file} line ${i + 1}: plate ${plate} is labelled twice for ${clip}`);
    }
    entry.plates.push(plate);
    clips.set(clip, entry);
  });
  if (clips.size === 0) throw new LprError(`labels file ${file} has no rows; add one "clip,plate" row per plate`);
  return [...clips.values()];
}

/** The labelled clips of a folder, checked to exist before any model is loaded. */
export async function readLabelledClips(clipsDir: string, labelsFile: string, hint: string): Promise<LabelledClip[]> {
  if (!isDirectory(clipsDir)) throw new LprError(`clips folder ${clipsDir} not found; ${hint}`);
  let text;
  try {
    text = await readFile(labelsFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw new LprError(`labels file ${labelsFile} not found; write one (header "clip,plate", one row per plate) or pass --labels FILE`);
  }
  const clips = parseLabels(text, labelsFile);
  const missing = clips.filter((c) => !existsSync(resolve(clipsDir, c.clip))).map((c) => c.clip);
  if (missing.length > 0) {
    const shown = missing.slice(0, 3).join(', ') + (missing.length > 3 ? ` and ${missing.length - 3} more` : '');
    throw new LprError(`${missing.length} clip(s) of ${labelsFile} missing from ${clipsDir}: ${shown}`);
  }
  return clips;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
