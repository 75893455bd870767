import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LprError } from '@lpr/core';
import { compileTemplates, defaultModelsDir, listCountries, loadCountry, parseCountry } from '../src/index.js';

/** Asserts an LprError whose one-line message matches every pattern. */
function rejectsWith(...patterns: RegExp[]) {
  return (err: unknown) => {
    assert.ok(err instanceof LprError, `expected LprError, got ${String(err)}`);
    assert.ok(!err.message.includes('\n'), 'one line');
    for (const p of patterns) assert.match(err.message, p);
    return true;
  };
}

describe('loadCountry', () => {
  let modelsDir: string;
  let cnYaml: string;
  before(async () => {
    cnYaml = await readFile(join(defaultModelsDir(), 'countries', 'cn.yaml'), 'utf8');
    modelsDir = await mkdtemp(join(tmpdir(), 'lpr-country-'));
    await mkdir(join(modelsDir, 'countries'));
    await writeFile(join(modelsDir, 'countries', 'cn.yaml'), cnYaml);
  });
  after(() => rm(modelsDir, { recursive: true, force: true }));

  it('finds the repository models directory from the package, and LPR_MODELS_DIR overrides it', async () => {
    assert.ok((await listCountries()).includes('cn'));
    const saved = process.env.LPR_MODELS_DIR;
    process.env.LPR_MODELS_DIR = modelsDir;
    try {
      assert.equal(defaultModelsDir(), modelsDir);
    } finally {
      if (saved === undefined) delete process.env.LPR_MODELS_DIR;
      else process.env.LPR_MODELS_DIR = saved;
    }
  });

  it('reads the China file', async () => {
    const cn = await loadCountry('cn', modelsDir);
    assert.equal(cn.code, 'cn');
    assert.equal(cn.charset.length, 72);
    assert.equal(cn.charset[0], '京');
    assert.equal(cn.classes.digit, '0123456789');
    assert.equal(cn.templates[0]?.name, 'standard');
    assert.deepEqual(cn.plate.cropPadding, [0.06, 0.12]);
    assert.deepEqual(cn.plate.twoRow, { maxAspect: 2.6, top: { y0: 0, y1: 0.42, x0: 0.2, x1: 0.8 }, bottomFrom: 0.36 });
    assert.equal(cn.plate.minReadChars, 5);
    assert.equal(cn.plate.minOffTemplateReadConfidence, 0.045);
    assert.deepEqual(cn.plate.tilted, { maxAspect: 2.3 });
    assert.deepEqual(cn.colourProposals?.colours.map((c) => c.name), ['blue', 'yellow', 'green']);
    assert.deepEqual(cn.characterRows, { characterHeight: 0.64, minCharacters: 4, minReadConfidence: 0.1, maxCharacters: 9 });
  });

  it('names an unknown country, the file it looked for and the ones there are', async () => {
    await assert.rejects(loadCountry('xx', modelsDir), rejectsWith(/^unknown country "xx": no .*countries\/xx\.yaml; available: cn$/));
  });

  it('says where to point when there is no models directory', async () => {
    await assert.rejects(loadCountry('cn', join(modelsDir, 'nowhere')), rejectsWith(/available: none \(set LPR_MODELS_DIR/));
  });

  it('refuses a code that is not a plain name', async () => {
    await assert.rejects(loadCountry('../cn', modelsDir), rejectsWith(/invalid country code "\.\.\/cn"/));
  });

  it('parses and compiles every country file in the repository', async () => {
    const codes = await listCountries();
    assert.ok(codes.includes('cn') && codes.includes('eu'), `found ${codes.join(', ')}`);
    for (const code of codes) {
      const country = await loadCountry(code);
      assert.equal(compileTemplates(country).names.length, country.templates.length, code);
    }
  });
});

describe('parseCountry', () => {
  const valid = {
    country: 'zz',
    name: 'Test',
    charset: 'AB12',
    classes: { letter: 'AB', digit: '12' },
    templates: [{ name: 'plain', pattern: '<letter><digit>', format: '#-#' }],
    plate: { aspect: 4.7, minWidthPx: 40, cropPadding: [0.05, 0.1] },
  };
  const parse = (doc: unknown) => parseCountry(JSON.stringify(doc), 'zz.yaml', 'zz');
  /** The valid file with a two-row layout: a valid one changed by `change`, or `change` itself when not a mapping. */
  function withTwoRow(change: unknown) {
    const twoRow = { maxAspect: 2.6, top: [0, 0.42, 0.2, 0.8], bottomFrom: 0.36 };
    return { ...valid, plate: { ...valid.plate, twoRow: typeof change === 'object' ? { ...twoRow, ...change } : change } };
  }

  it('accepts a minimal valid file', () => {
    assert.equal(parse(valid).templates[0]?.format, '#-#');
  });

  it('reads a two-row layout, which is optional', () => {
    assert.equal(parse(valid).plate.twoRow, undefined);
    const twoRow = { maxAspect: 2, top: [0, 0.5, 0.25, 0.75], bottomFrom: 0.5 };
    assert.deepEqual(parse({ ...valid, plate: { ...valid.plate, twoRow } }).plate.twoRow, {
      maxAspect: 2,
      top: { y0: 0, y1: 0.5, x0: 0.25, x1: 0.75 },
      bottomFrom: 0.5,
    });
  });

  it('names its detectors, the country cascade by default', () => {
    assert.deepEqual(parse(valid).detectors, ['cascade-zz']);
    assert.deepEqual(parse({ ...valid, detectors: ['cascade-zz', 'cascade-zz-two-row'] }).detectors, ['cascade-zz', 'cascade-zz-two-row']);
  });

  it('reads plate colours to search photos by, which are optional, and a shortest read (default 1)', () => {
    assert.equal(parse(valid).colourProposals, undefined);
    assert.equal(parse(valid).plate.minReadChars, 1);
    const colourProposals = { aspect: [1, 6], colours: [{ name: 'blue', hue: [200, 250], minSaturation: 0.3, minValue: 0.2 }] };
    assert.deepEqual(parse({ ...valid, colourProposals }).colourProposals, colourProposals);
    assert.equal(parse({ ...valid, plate: { ...valid.plate, minReadChars: 5 } }).plate.minReadChars, 5);
  });

  it('reads the confidence a read off every template needs (default 0)', () => {
    assert.equal(parse(valid).plate.minOffTemplateReadConfidence, 0);
    assert.equal(parse({ ...valid, plate: { ...valid.plate, minOffTemplateReadConfidence: 0.045 } }).plate.minOffTemplateReadConfidence, 0.045);
  });

  it('reads rows of characters to search photos by, which are optional', () => {
    assert.equal(parse(valid).characterRows, undefined);
    const characterRows = { characterHeight: 0.6, minCharacters: 4, minReadConfidence: 0.1, maxCharacters: 9 };
    assert.deepEqual(parse({ ...valid, characterRows }).characterRows, characterRows);
  });

  it('reads fallback templates and templates without a format', () => {
    const templates = [...valid.templates, { name: 'loose', pattern: '<letter>+', fallback: true }];
    assert.deepEqual(parse({ ...valid, templates }).templates, templates);
  });

  const withColours = (colours: unknown) => ({ ...valid, colourProposals: { aspect: [1, 6], colours } });
  const withRows = (change: object) => ({ ...valid, characterRows: { characterHeight: 0.6, minCharacters: 4, minReadConfidence: 0.1, maxCharacters: 9, ...change } });
  const broken: [what: string, doc: unknown, field: RegExp][] = [
    ['not YAML', undefined, /\(file\) is not valid YAML/],
    ['a file for another country', { ...valid, country: 'yy' }, /country is "yy" but the file is for "zz"/],
    ['a missing charset', { ...valid, charset: undefined }, /charset must be a string or a list of characters, got nothing/],
    ['a repeated charset character', { ...valid, charset: 'AA12' }, /charset lists "A" twice/],
    ['a class with a character outside the charset', { ...valid, classes: { letter: 'AO' } }, /classes\.letter has "O", which is not in charset/],
    ['a template without a pattern', { ...valid, templates: [{ name: 'p', format: '#' }] }, /templates\[0\]\.pattern must be a non-empty string, got nothing/],
    ['a fallback that is not a boolean', { ...valid, templates: [{ name: 'p', pattern: 'A', fallback: 'yes' }] }, /templates\[0\]\.fallback must be true or false, got string "yes"/],
    ['an empty format', { ...valid, templates: [{ name: 'p', pattern: 'A', format: '' }] }, /templates\[0\]\.format must be a non-empty string/],
    ['a pattern with an unknown class', { ...valid, templates: [{ name: 'p', pattern: '<digits>', format: '#' }] }, /templates\[0\]\.pattern uses unknown class <digits>/],
    ['a negative padding', { ...valid, plate: { ...valid.plate, cropPadding: [0.1, -1] } }, /plate\.cropPadding\[1\] must be at least 0, got -1/],
    ['a zero aspect', { ...valid, plate: { ...valid.plate, aspect: 0 } }, /plate\.aspect must be greater than 0/],
    ['a two-row layout that is not a mapping', withTwoRow(true), /plate\.twoRow must be a mapping, got boolean true/],
    ['a two-row layout without maxAspect', withTwoRow({ maxAspect: undefined }), /plate\.twoRow\.maxAspect must be a number, got nothing/],
    ['a zero maxAspect', withTwoRow({ maxAspect: 0 }), /plate\.twoRow\.maxAspect must be greater than 0, got 0/],
    ['a top row of three numbers', withTwoRow({ top: [0, 0.4, 0.2] }), /plate\.twoRow\.top must be \[y0, y1, x0, x1\], got 3 numbers/],
    ['a top row share above 1', withTwoRow({ top: [0, 0.4, 0.2, 1.5] }), /plate\.twoRow\.top\[3\] must be at most 1, got 1\.5/],
    ['a top row upside down', withTwoRow({ top: [0.4, 0.4, 0.2, 0.8] }), /plate\.twoRow\.top must have y0 < y1 and x0 < x1, got \[0\.4, 0\.4, 0\.2, 0\.8\]/],
    ['a detector outside the models folder', { ...valid, detectors: ['../cascade'] }, /detectors\[0\] must be a model name in the models folder, got "\.\.\/cascade"/],
    ['no detector', { ...valid, detectors: [] }, /detectors must name at least one detector/],
    ['a tilted reading without maxAspect', { ...valid, plate: { ...valid.plate, tilted: {} } }, /plate\.tilted\.maxAspect must be a number, got nothing/],
    ['an off-template confidence as a percentage', { ...valid, plate: { ...valid.plate, minOffTemplateReadConfidence: 4.5 } }, /plate\.minOffTemplateReadConfidence must be at most 1, got 4\.5/],
    ['a fractional shortest read', { ...valid, plate: { ...valid.plate, minReadChars: 4.5 } }, /plate\.minReadChars must be an integer, got 4\.5/],
    ['a colour without a hue range', withColours([{ name: 'blue', hue: [200], minSaturation: 0.3, minValue: 0.2 }]), /colourProposals\.colours\[0\]\.hue must be \[from, to\], got 1 numbers/],
    ['a saturation above 1', withColours([{ name: 'blue', hue: [200, 250], minSaturation: 35, minValue: 0.2 }]), /colourProposals\.colours\[0\]\.minSaturation must be at most 1, got 35/],
    ['no plate colour', withColours([]), /colourProposals\.colours must list at least one colour/],
    ['an aspect range upside down', { ...valid, colourProposals: { aspect: [6, 1], colours: [] } }, /colourProposals\.aspect must be \[min, max\] with min < max, got \[6, 1\]/],
    ['a character taller than its plate', withRows({ characterHeight: 1.5 }), /characterRows\.characterHeight must be at most 1, got 1\.5/],
    ['a row of one character', withRows({ minCharacters: 1 }), /characterRows\.minCharacters must be at least 2, got 1/],
    ['rows without a read confidence', withRows({ minReadConfidence: undefined }), /characterRows\.minReadConfidence must be a number, got nothing/],
    ["rows without a plate's most characters", withRows({ maxCharacters: undefined }), /characterRows\.maxCharacters must be a number, got nothing/],
    ['a bottom row from the very bottom', withTwoRow({ bottomFrom: 1 }), /plate\.twoRow\.bottomFrom must be less than 1, got 1/],
  ];
  for (const [what, doc, field] of broken) {
    it(`names the file and the field for ${what}`, () => {
      const text = doc === undefined ? 'charset: [unclosed' : JSON.stringify(doc);
      assert.throws(() => parseCountry(text, 'zz.yaml', 'zz'), rejectsWith(/^invalid country file zz\.yaml: /, field, /fix the file$/));
    });
  }
});
