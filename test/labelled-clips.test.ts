/** labels.csv of `lpr eval-video`: parsing, and the one-line errors for what is missing or malformed. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseLabels, readLabelledClips } from '../apps/cli/src/labelled-clips.js';

describe('parseLabels', () => {
  it('groups the rows of a clip, in file order, tolerating a BOM, CRLF and blank lines', () => {
    const text = '\uFEFFclip,plate\r\nb.avi,62-PB-VT\r\na.avi,XS-NB-23\r\n\r\nb.avi, 28-RBN-4 \r\n';
    assert.deepEqual(parseLabels(text, 'labels.csv'), [
      { clip: 'b.avi', plates: ['62-PB-VT', '28-RBN-4'] },
      { clip: 'a.avi', plates: ['XS-NB-23'] },
    ]);
  });

  it('rejects a file without the clip,plate header', () => {
    assert.throws(() => parseLabels('video,label\na.avi,XS-NB-23\n', 'labels.csv'), {
      name: 'LprError',
      message: 'labels file labels.csv: the first line must be the header "clip,plate", got "video,label"',
    });
    assert.throws(() => parseLabels('a.avi,XS-NB-23\n', 'labels.csv'), /first line must be the header "clip,plate"/);
  });

  it('names the line of a malformed or repeated row', () => {
    assert.throws(() => parseLabels('clip,plate\na.avi,XS-NB-23\na.avi\n', 'l.csv'), /l\.csv line 3: expected "clip,plate", got "a\.avi"/);
    assert.throws(() => parseLabels('clip,plate\na.avi,XS-NB-23,extra\n', 'l.csv'), /line 2: expected "clip,plate"/);
    assert.throws(() => parseLabels('clip,plate\na.avi,XS-NB-23\na.avi,xsnb23\n', 'l.csv'), /line 3: plate xsnb23 is labelled twice for a\.avi/);
    assert.throws(() => parseLabels('clip,plate\n', 'l.csv'), /has no rows/);
  });
});

describe('readLabelledClips', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lpr-labels-'));

  it('says what to do when the folder, the labels or a clip is missing', async () => {
    await assert.rejects(readLabelledClips(join(dir, 'gone'), join(dir, 'gone', 'labels.csv'), 'pass --clips DIR'), {
      message: `clips folder ${join(dir, 'gone')} not found; pass --clips DIR`,
    });
    const clips = join(dir, 'clips');
    mkdirSync(clips);
    await assert.rejects(readLabelledClips(clips, join(clips, 'labels.csv'), ''), /labels file .*labels\.csv not found; write one \(header "clip,plate"/);
    writeFileSync(join(clips, 'labels.csv'), 'clip,plate\na.avi,XS-NB-23\nb.avi,62-PB-VT\n');
    writeFileSync(join(clips, 'a.avi'), '');
    await assert.rejects(readLabelledClips(clips, join(clips, 'labels.csv'), ''), /1 clip\(s\) of .*labels\.csv missing from .*clips: b\.avi$/);
    writeFileSync(join(clips, 'b.avi'), '');
    assert.equal((await readLabelledClips(clips, join(clips, 'labels.csv'), '')).length, 2);
  });
});
