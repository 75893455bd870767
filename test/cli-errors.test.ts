/** Bad input gets one line naming the input and the reason, and a non-zero exit; never a stack trace. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lprCli } from './helpers/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'lpr-cli-'));
const notes = join(scratch, 'notes.txt');
writeFileSync(notes, 'not a video\n');

async function expectError(args: string[], pattern: RegExp): Promise<void> {
  const run = await lprCli(args, { timeoutMs: 30_000 });
  assert.notEqual(run.code, 0, `expected failure for ${args.join(' ')}`);
  assert.equal(run.stdout, '', 'errors never go to stdout');
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line expected, got:\n${run.stderr}`);
  assert.match(lines[0]!, /^lpr: /);
  assert.match(lines[0]!, pattern);
}

describe('lpr errors', () => {
  it('missing video file', () => expectError(['process', join(scratch, 'nope.mp4'), '--country', 'cn'], /nope\.mp4.*no such file/));
  it('a file that is not a video', () => expectError(['process', notes, '--country', 'cn'], /notes\.txt.*not a video/));
  it('unreachable RTSP URL, with credentials redacted', async () => {
    const run = await lprCli(['process', 'rtsp://admin:hunter2@127.0.0.1:1/stream', '--country', 'cn'], { timeoutMs: 30_000 });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^lpr: cannot connect to rtsp:\/\/\*\*\*@127\.0\.0\.1:1\/stream: connection refused/);
    assert.doesNotMatch(run.stderr, /hunter2|admin/);
  });
  it('unknown country', () => expectError(['process', notes, '--country', 'xx'], /unknown country "xx".*available: .*cn/));
  it('missing --country', () => expectError(['detect', scratch], /--country is required; available: .*cn/));
  it('unknown option', () => expectError(['detect', scratch, '--country', 'cn', '--bogus'], /Unknown option '--bogus' \(see: lpr detect --help\)/));
  it('bad option value', () => expectError(['process', notes, '--country', 'cn', '--fps', 'fast'], /--fps must be a number/));
  it('bad turn angles', () => expectError(['detect', scratch, '--country', 'cn', '--turns', '15,ninety'], /--turns must be angles in degrees between 0 and 90, e\.g\. 15,30, or 0 for none; got "15,ninety"/));
  it('bad option choice', () => expectError(['process', notes, '--country', 'cn', '--motion-gate', 'maybe'], /--motion-gate must be one of on, off, got "maybe"/));
  it('eval-video: missing clips folder', () =>
    expectError(['eval-video', '--country', 'cn', '--clips', join(scratch, 'clips')], /clips folder .*clips not found; pass --clips DIR/));
  it('eval-video: no default clips for the country', () => expectError(['eval-video', '--country', 'cn'], /no default clips for country "cn"; pass --clips DIR/));
  it('picture limits without --snapshots', () =>
    expectError(['process', notes, '--country', 'cn', '--snapshots-max-mb', '500'], /--snapshots-max-mb limits the pictures of --snapshots DIR, which is not given/));
  it('bad picture age', () =>
    expectError(['ingest', '--country', 'cn', '--snapshots', scratch, '--snapshots-keep-days', 'forever'], /--snapshots-keep-days must be a number >= 0\.001, got "forever"/));
  it('unknown command', () => expectError(['frobnicate'], /unknown command "frobnicate"/));
  it('missing image', () => expectError(['recognize', join(scratch, 'gone.jpg'), '--country', 'cn'], /gone\.jpg.*no such file/));

  it('--debug adds the stack trace', async () => {
    const run = await lprCli(['process', notes, '--country', 'xx', '--debug']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /LprError: unknown country[\s\S]*\n\s+at /);
  });
});
