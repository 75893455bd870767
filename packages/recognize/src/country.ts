import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LprError } from '@lpr/core';
import { parse as parseYaml } from 'yaml';
import { FieldReader } from './field-reader.js';
import { compileTemplates, type TemplateSpec } from './templates.js';
import type { TwoRowLayout } from './two-row.js';

/** What the runtime reads from `models/countries/<code>.yaml` (`styles` is for the synthetic generator only). */
export interface Country {
  code: string;
  name: string;
  /** Characters the recognizer outputs, in class order. */
  charset: string[];
  /** Class name → its characters, for `<class>` macros in template patterns. */
  classes: Record<string, string>;
  /** Most common first; the first that matches names a plate, fallback templates only when no other matches. */
  templates: TemplateSpec[];
  plate: PlateGeometry;
  /**
   * Plate detectors run together, each `<modelsDir>/<name>.xml` with its `<name>.json`; the first one's verification
   * threshold applies to all. Default: [`cascade-<code>`].
   */
  detectors: string[];
  /** Plate background colours to look for in photos and video (`colourProposals`); absent: the cascades alone search. */
  colourProposals?: ColourProposalSpec;
  /** Rows of characters to look for in photos (`characterRows`); absent: not searched. */
  characterRows?: CharacterRowSpec;
}

/** Rows of character-like blobs with a plate's proportions are read, and kept where the read says plate (photos only). */
export interface CharacterRowSpec {
  /** A character's height as a share of its one-row plate's height. */
  characterHeight: number;
  /** Fewest characters a row needs to be read. */
  minCharacters: number;
  /** Confidence a read of a row needs (and a template): rows of text are weaker evidence than a cascade's hit. */
  minReadConfidence: number;
  /** Most characters a plate carries: a line of text with more (a camera's printed date) holds no plate. */
  maxCharacters: number;
}

/** Regions of these colours with a plate's shape are read: in photos kept where the read says plate, in video voted on. */
export interface ColourProposalSpec {
  /** Width / height range of a plate's axis-aligned box. */
  aspect: [number, number];
  /** Hue in degrees [from, to] (from > to wraps through red); saturation and value (brightness) from 0 to 1. */
  colours: { name: string; hue: [number, number]; minSaturation: number; minValue: number }[];
}

export interface PlateGeometry {
  /** Width / height of a single-row plate. */
  aspect: number;
  /** Smallest plate width in pixels worth reading. */
  minWidthPx: number;
  /** Fraction of the detected box added on each side, [x, y], before recognition. */
  cropPadding: [number, number];
  /**
   * Fewest characters a read must have for a detection in a photo to count as a plate (verification): a grille or a
   * bumper edge often reads as one or two characters, confidently. Default 1.
   */
  minReadChars: number;
  /**
   * Recognizer confidence a photo detection needs when its read fits no template (a camera's printed date, a sign),
   * where more than the detector's own threshold. Default 0: none.
   */
  minOffTemplateReadConfidence: number;
  /** Where the rows of the country's two-row plates lie in a crop; absent where it has none. */
  twoRow?: TwoRowLayout;
  /** Crops squarer than `maxAspect` are also read turned upright (plates turned in the picture); absent: never. */
  tilted?: { maxAspect: number };
}

/**
 * The repository's `models/` directory: `$LPR_MODELS_DIR` when set, else found relative to this file, which sits
 * at the same depth in `src/` (tsx) and `dist/` (compiled).
 */
export function defaultModelsDir(): string {
  const fromEnv = process.env.LPR_MODELS_DIR;
  if (fromEnv) return resolve(fromEnv);
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../models');
}

/** Codes of the country files in `<modelsDir>/countries`, sorted; empty when the directory is missing. */
export async function listCountries(modelsDir: string = defaultModelsDir()): Promise<string[]> {
  try {
    const files = await readdir(join(modelsDir, 'countries'));
    return files.filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

export async function loadCountry(code: string, modelsDir: string = defaultModelsDir()): Promise<Country> {
  // The code becomes part of a path: keep it to a plain file name.
  if (!/^[a-z][a-z0-9_-]*$/i.test(code)) {
    throw new LprError(`invalid country code ${JSON.stringify(code)}: expected letters like "cn"; see ${join(modelsDir, 'countries')}`);
  }
  const file = join(modelsDir, 'countries', `${code}.yaml`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const available = await listCountries(modelsDir);
    throw new LprError(
      `unknown country "${code}": no ${file}; available: ${available.join(', ') || 'none'}` +
        (available.length ? '' : ' (set LPR_MODELS_DIR to the models directory)'),
    );
  }
  return parseCountry(text, file, code);
}

/** Parse and validate a country file's text. `file` names it in errors; `expectedCode` is the code it was asked for. */
export function parseCountry(text: string, file: string, expectedCode?: string): Country {
  const reader = new FieldReader(`country file ${file}`);
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    reader.fail('(file)', `is not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  const root = reader.object(doc, '(file)');
  const code = reader.string(root.country, 'country');
  if (expectedCode !== undefined && code !== expectedCode) {
    reader.fail('country', `is "${code}" but the file is for "${expectedCode}"`);
  }
  const charset = reader.characters(root.charset, 'charset');
  const inCharset = new Set(charset);

  const classes: Record<string, string> = {};
  for (const [name, value] of Object.entries(reader.object(root.classes, 'classes'))) {
    const chars = reader.characters(value, `classes.${name}`);
    const stray = chars.find((c) => !inCharset.has(c));
    if (stray !== undefined) reader.fail(`classes.${name}`, `has "${stray}", which is not in charset`);
    classes[name] = chars.join('');
  }

  const templates = reader.array(root.templates, 'templates').map((entry, i): TemplateSpec => {
    const t = reader.object(entry, `templates[${i}]`);
    const spec: TemplateSpec = {
      name: reader.string(t.name, `templates[${i}].name`),
      pattern: reader.string(t.pattern, `templates[${i}].pattern`),
    };
    if (t.format !== undefined) spec.format = reader.string(t.format, `templates[${i}].format`);
    if (t.fallback !== undefined) spec.fallback = reader.boolean(t.fallback, `templates[${i}].fallback`);
    return spec;
  });
  // Compiled here only to report bad patterns at load time, naming this file.
  compileTemplates({ code, classes, templates }, `country file ${file}`);

  const plate = reader.object(root.plate, 'plate');
  const padding = reader.array(plate.cropPadding, 'plate.cropPadding');
  if (padding.length !== 2) reader.fail('plate.cropPadding', `must be [x, y], got ${padding.length} numbers`);
  const twoRow = plate.twoRow === undefined ? undefined : readTwoRowLayout(reader, plate.twoRow);
  const tilted =
    plate.tilted === undefined
      ? undefined
      : { maxAspect: reader.number(reader.object(plate.tilted, 'plate.tilted').maxAspect, 'plate.tilted.maxAspect', { min: 1, exclusiveMin: true }) };
  const detectors =
    root.detectors === undefined
      ? [`cascade-${code}`]
      : reader.array(root.detectors, 'detectors').map((entry, i) => {
          const name = reader.string(entry, `detectors[${i}]`);
          if (!/^[\w.-]+$/.test(name)) reader.fail(`detectors[${i}]`, `must be a model name in the models folder, got "${name}"`);
          return name;
        });
  if (detectors.length === 0) reader.fail('detectors', 'must name at least one detector');
  const colourProposals = root.colourProposals === undefined ? undefined : readColourProposals(reader, root.colourProposals);
  const characterRows = root.characterRows === undefined ? undefined : readCharacterRows(reader, root.characterRows);
  return {
    code,
    name: reader.string(root.name, 'name'),
    charset,
    classes,
    templates,
    plate: {
      aspect: reader.number(plate.aspect, 'plate.aspect', { min: 0, exclusiveMin: true }),
      minWidthPx: reader.number(plate.minWidthPx, 'plate.minWidthPx', { min: 1 }),
      cropPadding: [
        reader.number(padding[0], 'plate.cropPadding[0]', { min: 0 }),
        reader.number(padding[1], 'plate.cropPadding[1]', { min: 0 }),
      ],
      minReadChars: plate.minReadChars === undefined ? 1 : reader.number(plate.minReadChars, 'plate.minReadChars', { min: 1, integer: true }),
      minOffTemplateReadConfidence:
        plate.minOffTemplateReadConfidence === undefined
          ? 0
          : reader.number(plate.minOffTemplateReadConfidence, 'plate.minOffTemplateReadConfidence', { min: 0, max: 1 }),
      ...(twoRow ? { twoRow } : {}),
      ...(tilted ? { tilted } : {}),
    },
    detectors,
    ...(colourProposals ? { colourProposals } : {}),
    ...(characterRows ? { characterRows } : {}),
  };
}

function readCharacterRows(reader: FieldReader, value: unknown): CharacterRowSpec {
  const spec = reader.object(value, 'characterRows');
  return {
    characterHeight: reader.number(spec.characterHeight, 'characterRows.characterHeight', { min: 0, max: 1, exclusiveMin: true }),
    minCharacters: reader.number(spec.minCharacters, 'characterRows.minCharacters', { min: 2, integer: true }),
    minReadConfidence: reader.number(spec.minReadConfidence, 'characterRows.minReadConfidence', { min: 0, max: 1 }),
    maxCharacters: reader.number(spec.maxCharacters, 'characterRows.maxCharacters', { min: 2, integer: true }),
  };
}

function readColourProposals(reader: FieldReader, value: unknown): ColourProposalSpec {
  const spec = reader.object(value, 'colourProposals');
  const pair = (field: unknown, path: string, rule: { min: number; max?: number }): [number, number] => {
    const values = reader.array(field, path);
    if (values.length !== 2) reader.fail(path, `must be [from, to], got ${values.length} numbers`);
    return [reader.number(values[0], `${path}[0]`, rule), reader.number(values[1], `${path}[1]`, rule)];
  };
  const aspect = pair(spec.aspect, 'colourProposals.aspect', { min: 0 });
  if (!(aspect[0] < aspect[1])) reader.fail('colourProposals.aspect', `must be [min, max] with min < max, got [${aspect.join(', ')}]`);
  const colours = reader.array(spec.colours, 'colourProposals.colours').map((entry, i) => {
    const path = `colourProposals.colours[${i}]`;
    const colour = reader.object(entry, path);
    return {
      name: reader.string(colour.name, `${path}.name`),
      hue: pair(colour.hue, `${path}.hue`, { min: 0, max: 360 }),
      minSaturation: reader.number(colour.minSaturation, `${path}.minSaturation`, { min: 0, max: 1 }),
      minValue: reader.number(colour.minValue, `${path}.minValue`, { min: 0, max: 1 }),
    };
  });
  if (colours.length === 0) reader.fail('colourProposals.colours', 'must list at least one colour');
  return { aspect, colours };
}

/** `plate.twoRow`: shares of the crop, each part at least a sliver of it. */
function readTwoRowLayout(reader: FieldReader, value: unknown): TwoRowLayout {
  const spec = reader.object(value, 'plate.twoRow');
  const maxAspect = reader.number(spec.maxAspect, 'plate.twoRow.maxAspect', { min: 0, exclusiveMin: true });
  const top = reader.array(spec.top, 'plate.twoRow.top');
  if (top.length !== 4) reader.fail('plate.twoRow.top', `must be [y0, y1, x0, x1], got ${top.length} numbers`);
  const share = (i: number) => reader.number(top[i], `plate.twoRow.top[${i}]`, { min: 0, max: 1 });
  const [y0, y1, x0, x1] = [share(0), share(1), share(2), share(3)];
  if (!(y0 < y1 && x0 < x1)) reader.fail('plate.twoRow.top', `must have y0 < y1 and x0 < x1, got [${top.join(', ')}]`);
  return {
    maxAspect,
    top: { y0, y1, x0, x1 },
    bottomFrom: reader.number(spec.bottomFrom, 'plate.twoRow.bottomFrom', { min: 0, max: 1, exclusiveMax: true }),
  };
}
