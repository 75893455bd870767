import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactUrl } from '../src/index.js';
import { explainFfmpegFailure } from '../src/ffmpeg-errors.js';

test('redactUrl hides user info and credential query parameters', () => {
  assert.equal(redactUrl('rtsp://admin:s3cret@10.0.0.5:554/Streaming/101'), 'rtsp://***@10.0.0.5:554/Streaming/101');
  assert.equal(redactUrl('rtsp://admin:p@ss@cam/live'), 'rtsp://***@cam/live', 'an unescaped @ in the password');
  assert.equal(
    redactUrl('rtsp://cam:554/cam/realmonitor?channel=1&user=admin&password=s3cret&subtype=0'),
    'rtsp://cam:554/cam/realmonitor?channel=1&user=***&password=***&subtype=0',
  );
  assert.equal(redactUrl('rtsp://cam/stream'), 'rtsp://cam/stream');
  assert.equal(redactUrl('/videos/a@b.mp4'), '/videos/a@b.mp4', 'paths are not URLs');
});

test('redactUrl works inside log lines', () => {
  assert.equal(
    redactUrl("[tcp @ 0x1] Connection to tcp://user:pw@cam:554?timeout=0 failed; rtsp://user:pw@cam/x: Connection refused"),
    '[tcp @ 0x1] Connection to tcp://***@cam:554?timeout=0 failed; rtsp://***@cam/x: Connection refused',
  );
});

test('ffmpeg failures of a live stream never show credentials', () => {
  const input = 'rtsp://admin:s3cret@cam/stream';
  const base = { input, live: true, elapsedMs: 50, socketTimeoutMs: 5000, opened: false };
  const messages = [
    explainFfmpegFailure({ ...base, stderr: [`${input}: Connection refused`] }),
    explainFfmpegFailure({ ...base, stderr: ['[rtsp @ 0x1] method DESCRIBE failed: 401 Unauthorized', `${input}: Server returned 401 Unauthorized (authorization failed)`] }),
    explainFfmpegFailure({ ...base, stderr: [`${input}: Invalid data found when processing input`] }),
    explainFfmpegFailure({ ...base, stderr: [`${input}: Something new that ffmpeg says about ${input}`] }),
    explainFfmpegFailure({ ...base, opened: true, stderr: [`${input}: Connection timed out`] }),
  ];
  assert.deepEqual(messages, [
    'cannot connect to rtsp://***@cam/stream: connection refused (check the URL and that the camera is reachable)',
    'cannot connect to rtsp://***@cam/stream: authentication failed (check the user name and password)',
    'rtsp://***@cam/stream did not answer as an RTSP camera (Invalid data found when processing input)',
    'cannot connect to rtsp://***@cam/stream: Something new that ffmpeg says about rtsp://***@cam/stream',
    'lost rtsp://***@cam/stream: no answer within 5 s (check the URL and that the camera is reachable)',
  ]);
});

test('inputs read as files are redacted too', () => {
  const failure = { live: false, elapsedMs: 5, socketTimeoutMs: 5000, opened: false };
  const input = 'http://admin:s3cret@nas/recordings/gate.mp4';
  assert.equal(
    explainFfmpegFailure({ ...failure, input, stderr: [`${input}: Server returned 404 Not Found`] }),
    'cannot decode "http://***@nas/recordings/gate.mp4": Server returned 404 Not Found',
  );
});
