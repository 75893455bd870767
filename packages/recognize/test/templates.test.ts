import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { LprError } from '@lpr/core';
import { compileTemplates, defaultModelsDir, loadCountry, type PlateTemplates } from '../src/index.js';

describe('China templates (models/countries/cn.yaml)', () => {
  let cn: PlateTemplates;
  before(async () => {
    cn = compileTemplates(await loadCountry('cn', defaultModelsDir()));
  });

  const examples: [plate: string, template: string][] = [
    ['皖A12345', 'standard'],
    ['京AB2C4D', 'standard'],
    ['皖AD12345', 'new-energy-small'],
    ['粤BFA1234', 'new-energy-small'],
    ['皖A12345D', 'new-energy-large'],
    ['京A0123警', 'police'],
    ['苏E1234学', 'coach'],
    ['鲁C1234挂', 'trailer'],
    ['使014578', 'embassy'],
    ['沪A1234领', 'consulate'],
    ['粤Z1234港', 'hong-kong-macau'],
    ['粤Z123A澳', 'hong-kong-macau'],
    ['皖1946673', 'agricultural'],
    ['VA30093', 'military'],
    ['WJ07X0230', 'armed-police'],
    ['MP6178', 'macau'],
    ['LX8170', 'hong-kong'],
    ['AB1', 'hong-kong'],
  ];
  for (const [plate, template] of examples) {
    it(`reads ${plate} as ${template}`, () => assert.equal(cn.match(plate), template));
  }

  const nearMisses: [plate: string, why: string][] = [
    ['皖I12345', 'I is not a plate letter'],
    ['皖O12345', 'O is not a plate letter'],
    ['皖A1234', 'one character short'],
    ['皖A1234567', 'too long for any template'],
    ['A皖12345', 'province not first'],
    ['皖112345', 'second character must be a letter'],
    ['皖AD1234A', 'new-energy-small ends in 4 digits'],
    ['皖A1234AD', 'new-energy-large has 5 digits before D'],
    ['使01457', 'embassy has 6 digits'],
    ['使01457A', 'embassy is digits only'],
    ['京A0123港', '港 only on 粤Z plates'],
    ['粤A1234港', '港 only on 粤Z plates'],
    ['皖194667', 'agricultural plates carry seven digits'],
    ['L8170', 'Hong Kong plates start with two letters'],
    ['LX0170', 'Hong Kong numbers have no leading zero'],
    ['', 'empty'],
    ['x皖A12345', 'templates match the whole text'],
  ];
  for (const [plate, why] of nearMisses) {
    it(`rejects ${JSON.stringify(plate)} (${why})`, () => assert.equal(cn.match(plate), null));
  }

  it('formats with the separators of the template', () => {
    assert.equal(cn.format('皖A12345', 'standard'), '皖A·12345');
    assert.equal(cn.format('皖AD12345', 'new-energy-small'), '皖A·D12345');
    assert.equal(cn.format('使014578', 'embassy'), '使014578');
    assert.equal(cn.format('皖1946673', 'agricultural'), '皖19·46673');
    assert.equal(cn.format('MP6178', 'macau'), 'MP-61-78');
    assert.equal(cn.format('WJ07X0230', 'armed-police'), 'WJ07·X0230');
    assert.equal(cn.format('LX8170', 'hong-kong'), 'LX 8170');
  });

  it('returns the text unchanged when its length does not fit the format, and rejects an unknown template', () => {
    assert.equal(cn.format('皖A1234', 'standard'), '皖A1234');
    assert.throws(() => cn.format('皖A12345', 'diplomatic'), (err: Error) => err instanceof LprError && /unknown template "diplomatic"/.test(err.message));
  });

  it('lists its names in file order', () => {
    assert.equal(cn.country, 'cn');
    assert.deepEqual(cn.names.slice(0, 3), ['standard', 'new-energy-small', 'new-energy-large']);
  });
});

describe('Europe templates (models/countries/eu.yaml)', () => {
  let eu: PlateTemplates;
  before(async () => {
    eu = compileTemplates(await loadCountry('eu', defaultModelsDir()));
  });

  const examples: [plate: string, template: string, formatted: string][] = [
    ['XSNB23', 'nl-5', 'XS-NB-23'],
    ['23GSX6', 'nl-7', '23-GSX-6'],
    ['1CMV331', 'be', '1-CMV-331'],
    ['AB123CD', 'fr-it-sk', 'AB-123-CD'],
    ['BMW1234', 'de', 'BMW1234'],
    ['A1B2C3D', 'generic', 'A1B2C3D'],
  ];
  for (const [plate, template, formatted] of examples) {
    it(`reads ${plate} as ${template}, printed ${formatted}`, () => {
      assert.equal(eu.match(plate), template);
      assert.equal(eu.format(plate, template), formatted);
    });
  }

  it('marks only de and generic as fallbacks', () => {
    assert.deepEqual(eu.names.filter((n) => eu.isFallback(n)), ['de', 'generic']);
  });
});

describe('compileTemplates', () => {
  const base = { code: 'zz', classes: { digit: '0123456789', sep: '-]^\\' } };

  it('tries templates in order and escapes class characters that are regex syntax', () => {
    const t = compileTemplates({
      ...base,
      templates: [
        { name: 'first', pattern: '<digit>{2}', format: '#-#' },
        { name: 'second', pattern: '<digit>+', format: '#' },
        { name: 'odd', pattern: 'A<sep>', format: '##' },
      ],
    });
    assert.equal(t.match('12'), 'first');
    assert.equal(t.match('123'), 'second');
    assert.equal(t.match('A]'), 'odd');
    assert.equal(t.match('A\\'), 'odd');
    assert.equal(t.match('A-'), 'odd');
    assert.equal(t.match('AB'), null, 'a "-" inside the class is a literal, not a range');
    assert.equal(t.format('12', 'first'), '1-2');
  });

  it('leaves named groups and back-references alone', () => {
    const t = compileTemplates({ ...base, templates: [{ name: 'twin', pattern: '(?<d><digit>)\\k<d>', format: '##' }] });
    assert.equal(t.match('77'), 'twin');
    assert.equal(t.match('78'), null);
  });

  it('tries fallback templates only after every other, and prints a template without a format as read', () => {
    const t = compileTemplates({
      ...base,
      templates: [
        { name: 'any', pattern: '<digit>+', fallback: true },
        { name: 'pair', pattern: '<digit>{2}', format: '#-#' },
        { name: 'bare', pattern: '<digit>{3}' },
      ],
    });
    assert.equal(t.match('12'), 'pair');
    assert.equal(t.match('123'), 'bare');
    assert.equal(t.match('1234'), 'any');
    assert.deepEqual(t.names, ['any', 'pair', 'bare'], 'names stay in file order');
    assert.deepEqual(t.names.map((n) => t.isFallback(n)), [true, false, false]);
    assert.equal(t.format('123', 'bare'), '123');
    assert.equal(t.format('1234', 'any'), '1234');
    assert.throws(() => t.isFallback('none'), (err: Error) => err instanceof LprError && /unknown template "none"/.test(err.message));
  });

  const broken: [what: string, spec: { name: string; pattern: string; format: string }[], message: RegExp][] = [
    ['an unknown class', [{ name: 'a', pattern: '<letter>', format: '#' }], /in\.yaml: templates\[0\]\.pattern uses unknown class <letter>; defined classes: digit, sep/],
    ['an invalid regex', [{ name: 'a', pattern: '<digit>(', format: '#' }], /templates\[0\]\.pattern is not a valid regular expression/],
    ['a format without #', [{ name: 'a', pattern: '<digit>', format: '-' }], /templates\[0\]\.format has no '#'/],
    [
      'a repeated name',
      [
        { name: 'a', pattern: '1', format: '#' },
        { name: 'a', pattern: '2', format: '#' },
      ],
      /templates\[1\]\.name repeats the template name "a"/,
    ],
  ];
  for (const [what, templates, message] of broken) {
    it(`names the file and field for ${what}`, () => {
      assert.throws(
        () => compileTemplates({ ...base, templates }, 'country file in.yaml'),
        (err: Error) => err instanceof LprError && message.test(err.message) && err.message.startsWith('invalid country file in.yaml: '),
      );
    });
  }
});
